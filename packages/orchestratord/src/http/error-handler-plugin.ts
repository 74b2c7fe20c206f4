// ORCHD error handling (ORCHD-049, OC-011, ORCHD-007): one place turns every
// failure into the wire envelope and its HTTP status. Typed errors keep their code;
// Fastify's own client errors (a URL it cannot decode, bad JSON, another media type, a
// body over the limit, an unknown route) become typed errors with an actionable message,
// never Fastify's FST_ERR_* shape; anything else is a logged 500 whose body reveals
// nothing internal.
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { CORRELATION_HEADER } from './correlation-plugin.js';
import { claimRequestLine, noteRequestLog } from './request-log.js';
import {
  internal,
  invalidParams,
  isOrchestratordError,
  notFound,
  tooLarge,
  unsupportedMediaType,
  type OrchestratordError,
} from '../errors.js';

export function backoffHeaders(retryAfterMs: number): Record<string, string> {
  return {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
    'x-backoff-ms': String(Math.max(0, Math.round(retryAfterMs))),
  };
}

/** Fastify's client-error codes, each as the typed error a client can act on. */
const FRAMEWORK_ERRORS: Readonly<Record<string, (error: Partial<FastifyError>) => OrchestratordError>> = {
  FST_ERR_BAD_URL: () =>
    invalidParams('the URL path has broken percent-encoding; encode ids with encodeURIComponent'),
  FST_ERR_MAX_PARAM_LENGTH: () => invalidParams('a path segment is too long; ids are at most 128 characters'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    unsupportedMediaType('unsupported Content-Type: send the body as application/json'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => tooLarge('request body too large: shorten the prompt or inputs'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    invalidParams('the body is empty but Content-Type is application/json: send a JSON object'),
  FST_ERR_CTP_INVALID_JSON_BODY: (error) =>
    invalidParams(`request body is not valid JSON (${error.message ?? 'parse error'}); send a JSON object`),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    invalidParams('Content-Length does not match the body; send the body as it is'),
};

/** Maps anything thrown in a request to the typed error the client will see. */
export function classify(error: unknown): OrchestratordError {
  if (isOrchestratordError(error)) return error;
  const fastifyError = (error ?? {}) as Partial<FastifyError>;
  const known = fastifyError.code === undefined ? undefined : FRAMEWORK_ERRORS[fastifyError.code];
  if (known !== undefined) return known(fastifyError);
  if (fastifyError.validation !== undefined) {
    return invalidParams(`invalid request: ${fastifyError.message ?? 'schema'}`, { cause: error });
  }
  const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 400 && status < 500) {
    return invalidParams(`bad request: ${fastifyError.message ?? 'malformed'}`, { cause: error });
  }
  return internal('internal error: see the daemon log for this correlation id', { cause: error });
}

export function sendError(reply: FastifyReply, error: OrchestratordError): FastifyReply {
  if (error.retryAfterMs !== undefined) reply.headers(backoffHeaders(error.retryAfterMs));
  return reply.code(error.status).type('application/json; charset=utf-8').send(error.toEnvelope());
}

/**
 * Logs a failure: only unexpected faults are errors, with a line of their own; typed refusals
 * (4xx, 503) are normal operation and said on the request's one line (MET-029).
 */
export function logFailure(request: FastifyRequest, error: unknown, typed: OrchestratordError): void {
  if (typed.code === 'INTERNAL') {
    request.log.error({ err: error, code: typed.code }, 'request failed');
    noteRequestLog(request, { code: typed.code });
  } else noteRequestLog(request, { code: typed.code, reason: typed.message }, 'request rejected');
}

function answer(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const typed = classify(error);
  logFailure(request, error, typed);
  return sendError(reply, typed);
}

/**
 * Fastify's `frameworkErrors` option: failures found before routing (an undecodable URL,
 * an over-long path parameter) take the same envelope and correlation id as the rest.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header(CORRELATION_HEADER, request.id);
  // Fastify reports no end for a request it never routed: its line is written here.
  const line = claimRequestLine(request, reply);
  answer(error, request, reply);
  line({});
}

const errorHandlerPlugin: FastifyPluginAsync = async (app) => {
  app.setErrorHandler((error, request, reply) => answer(error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const error = notFound(
      `no route ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}; see GET /v1/capabilities and the OpenAPI documents for the routes`,
    );
    logFailure(request, error, error);
    return sendError(reply, error);
  });
};

export default fp(errorHandlerPlugin, { name: 'llorch-error-handler', fastify: '5.x' });
