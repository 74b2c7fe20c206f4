// POOL-024, POOL-025, contracts/openapi/pool.yaml: pool-managerd's internal
// HTTP API. Same token as orchestratord (missing → 401, wrong → 403), the
// correlation id echoed on every response but 204, failures in the shared
// ErrorEnvelope. buildPoolManagerApp() is separate from listen() so tests can
// drive it with inject() or a real socket.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { ERROR_TABLE, type ErrorEnvelope } from '@llama-orch/contracts';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { PoolManagerError, isPoolManagerError } from '../errors.js';
import type { PoolManager } from '../pool-manager.js';
import { poolRoutes } from './pool-routes.js';

export interface PoolManagerAppOptions {
  manager: PoolManager;
  /** The shared API token; null disables auth (loopback development only). */
  token: string | null;
  /** Heartbeat comment interval on /v1/events; default 15 s. */
  heartbeatMs?: number;
}

const CORRELATION = 'x-correlation-id';
const WELL_FORMED = /^[\x21-\x7e]{1,128}$/;
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

function presentedToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? '');
  if (match?.[1] !== undefined) return match[1];
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.trim() !== '' ? apiKey.trim() : undefined;
}

export function envelopeOf(error: unknown): { status: number; body: ErrorEnvelope } {
  if (isPoolManagerError(error)) {
    return {
      status: error.status,
      body: {
        code: error.wireCode,
        message: error.message,
        retriable: error.retriable,
        ...(error.poolId !== undefined && { pool_id: error.poolId }),
      },
    };
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: { code: 'INVALID_PARAMS', message: (error as Error).message, retriable: false } };
  }
  return {
    status: 500,
    body: {
      code: 'INTERNAL',
      message: 'unexpected error in pool-managerd; find the X-Correlation-Id of this response in its log',
      retriable: true,
    },
  };
}

export async function buildPoolManagerApp(options: PoolManagerAppOptions): Promise<FastifyInstance> {
  const { manager, token } = options;
  const app = Fastify({
    loggerInstance: manager.logger.child({ component: 'http' }) as FastifyBaseLogger,
    genReqId: (req) => {
      const sent = req.headers[CORRELATION];
      return typeof sent === 'string' && WELL_FORMED.test(sent) ? sent : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'correlation_id', disableRequestLogging: true }),
    forceCloseConnections: true,
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode === 204) reply.removeHeader(CORRELATION);
    else reply.header(CORRELATION, request.id);
    return payload;
  });
  app.addHook('onRequest', async (request) => {
    if (token === null) return;
    const presented = presentedToken(request);
    if (presented === undefined) {
      throw Object.assign(
        new Error('missing API token: send `Authorization: Bearer <token>` or `X-API-Key: <token>`'),
        { statusCode: 401 },
      );
    }
    if (!timingSafeEqual(digest(token), digest(presented))) {
      throw Object.assign(
        new Error(
          'API token rejected: pool-managerd uses the same token as orchestratord (LLORCH_API_TOKEN or the token file)',
        ),
        { statusCode: 403 },
      );
    }
  });
  app.setErrorHandler(async (error, request, reply) => {
    const { status, body } = envelopeOf(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply.code(ERROR_TABLE.NOT_FOUND.status).send({
      code: 'NOT_FOUND',
      message: `no route ${request.method} ${request.url} in pool-managerd`,
      retriable: false,
    }),
  );
  const startedAt = Date.now();
  app.get('/livez', async () => ({ live: true, uptime_ms: Date.now() - startedAt }));
  app.get('/readyz', async (_request, reply) => {
    const readiness = manager.readiness();
    return reply.code(readiness.ready ? 200 : 503).send(readiness);
  });
  await app.register(poolRoutes, { manager, heartbeatMs: options.heartbeatMs ?? 15_000 });
  return app;
}

export { PoolManagerError };
