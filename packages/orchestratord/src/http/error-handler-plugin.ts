// ORCHD error handling (ORCHD-048, OC-011, ORCHD-005): one place turns every failure into
// the wire envelope and its HTTP status. Typed errors keep their code;
// Fastify's own client errors (bad JSON, schema, media type, size) become
// INVALID_PARAMS with their 4xx status; anything else is a logged 500 whose
// body reveals nothing internal.
import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { OrchestratordError, isOrchestratordError } from '../errors.js';

export function backoffHeaders(retryAfterMs: number): Record<string, string> {
  return {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
    'x-backoff-ms': String(Math.max(0, Math.round(retryAfterMs))),
  };
}

/** Maps anything thrown in a request to the typed error the client will see. */
export function classify(error: unknown): OrchestratordError {
  if (isOrchestratordError(error)) return error;
  const fastifyError = error as Partial<FastifyError> | undefined;
  const status = typeof fastifyError?.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (fastifyError?.validation !== undefined) {
    return new OrchestratordError('INVALID_PARAMS', `invalid request: ${fastifyError.message ?? 'schema'}`, {
      status: 400,
      retriable: false,
      cause: error,
    });
  }
  if (status >= 400 && status < 500) {
    return new OrchestratordError('INVALID_PARAMS', clientMessage(fastifyError), {
      status,
      retriable: false,
      cause: error,
    });
  }
  return new OrchestratordError('INTERNAL', 'internal error: see the daemon log for this correlation id', {
    status: 500,
    retriable: false,
    cause: error,
  });
}

function clientMessage(error: Partial<FastifyError> | undefined): string {
  switch (error?.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported Content-Type: send application/json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request body too large: shorten the prompt or inputs';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'request body is not valid JSON';
    default:
      return `bad request: ${error?.message ?? 'malformed'}`;
  }
}

export function sendError(reply: FastifyReply, error: OrchestratordError): FastifyReply {
  if (error.retryAfterMs !== undefined) reply.headers(backoffHeaders(error.retryAfterMs));
  return reply.code(error.status).type('application/json; charset=utf-8').send(error.toEnvelope());
}

const errorHandlerPlugin: FastifyPluginAsync = async (app) => {
  app.setErrorHandler((error, request, reply) => {
    const typed = classify(error);
    // Only unexpected faults are errors; typed refusals (4xx, 503) are normal operation.
    if (typed.code === 'INTERNAL') request.log.error({ err: error, code: typed.code }, 'request failed');
    else
      request.log.info({ code: typed.code, status: typed.status, reason: typed.message }, 'request rejected');
    return sendError(reply, typed);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new OrchestratordError(
        'INVALID_PARAMS',
        `no route ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}`,
        {
          status: 404,
          retriable: false,
        },
      ),
    ),
  );
};

export default fp(errorHandlerPlugin, { name: 'llorch-error-handler', fastify: '5.x' });
