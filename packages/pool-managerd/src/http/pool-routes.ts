// POOL-018, POOL-020, POOL-024, POOL-026, POOL-050..POOL-053, pool.yaml: inventory, replica
// registry, pools (status, health, drain, reload, load, unload) and the replica_state event
// stream. Bodies are checked here with messages that name the field, because
// orchestratord relays them to the operator as they are.
import type { FastifyPluginAsync } from 'fastify';
import { PoolManagerError } from '../errors.js';
import type { PoolManager } from '../pool-manager.js';
import type { UnloadReason } from '../pool/residency-ops.js';

export interface PoolRoutesOptions {
  manager: PoolManager;
  heartbeatMs: number;
}

const POOL_ID = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const UNLOAD_REASONS: readonly UnloadReason[] = ['make-room', 'idle', 'operator'];

function bodyObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new PoolManagerError('INVALID_REQUEST', 'the request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function onlyKeys(body: Record<string, unknown>, allowed: string[]): void {
  const extra = Object.keys(body).filter((k) => !allowed.includes(k));
  if (extra.length > 0)
    throw new PoolManagerError(
      'INVALID_REQUEST',
      `unknown field(s) ${extra.join(', ')}; allowed: ${allowed.join(', ')}`,
    );
}

export const poolRoutes: FastifyPluginAsync<PoolRoutesOptions> = async (app, options) => {
  const { manager } = options;
  const poolOf = (id: string) => {
    const pool = manager.pool(id);
    if (pool === undefined) {
      throw new PoolManagerError(
        'POOL_NOT_FOUND',
        `no pool with id ${id}; the config declares ${manager
          .pools()
          .map((p) => p.id)
          .join(', ')}`,
        { poolId: POOL_ID.test(id) ? id : undefined },
      );
    }
    return pool;
  };

  app.get<{ Querystring: { pool_id?: string } }>('/v1/replicas', async (request) => {
    const poolId = request.query.pool_id;
    if (poolId !== undefined && !POOL_ID.test(poolId))
      throw new PoolManagerError(
        'INVALID_REQUEST',
        `pool_id ${JSON.stringify(poolId)} is not a valid pool id`,
      );
    return { replicas: manager.replicas(poolId) };
  });
  app.get('/v1/gpus', async () => manager.gpus());
  app.get('/v1/pools', async () => ({ pools: manager.pools().map((p) => p.status()) }));
  app.get<{ Params: { id: string } }>('/v1/pools/:id', async (request) => poolOf(request.params.id).status());
  app.get<{ Params: { id: string } }>('/v1/pools/:id/health', async (request) =>
    poolOf(request.params.id).health(),
  );

  app.post<{ Params: { id: string } }>('/v1/pools/:id/drain', async (request, reply) => {
    const pool = poolOf(request.params.id);
    const body = bodyObject(request.body);
    onlyKeys(body, ['deadline_ms']);
    const deadline = body['deadline_ms'];
    if (typeof deadline !== 'number' || !Number.isInteger(deadline) || deadline < 0 || deadline > 3_600_000) {
      throw new PoolManagerError(
        'INVALID_REQUEST',
        'body.deadline_ms must be an integer from 0 to 3600000 (milliseconds)',
        { poolId: pool.id },
      );
    }
    return reply.code(202).send(pool.drain(deadline));
  });

  app.post<{ Params: { id: string } }>('/v1/pools/:id/reload', async (request) => {
    const pool = poolOf(request.params.id);
    const body = bodyObject(request.body);
    onlyKeys(body, ['new_model_ref', 'expected_digest']);
    const ref = body['new_model_ref'];
    if (typeof ref !== 'string' || ref.trim() === '') {
      throw new PoolManagerError(
        'INVALID_REQUEST',
        'body.new_model_ref must be a non-empty model reference (catalog id or pool model ref)',
        { poolId: pool.id },
      );
    }
    const digest = body['expected_digest'];
    if (digest === undefined) {
      // POOL-051: under strict trust nothing is loaded without knowing what it must be.
      if (manager.config.catalog.trust_policy === 'strict') {
        throw new PoolManagerError(
          'DIGEST_REQUIRED',
          'body.expected_digest is required under catalog.trust_policy strict: reload through orchestratord by catalog id (it sends the verified digest), or send the sha256 of the model file',
          { poolId: pool.id },
        );
      }
      return pool.reload(ref);
    }
    if (typeof digest !== 'string' || !SHA256_HEX.test(digest)) {
      throw new PoolManagerError(
        'INVALID_REQUEST',
        'body.expected_digest must be the sha256 of the model file: 64 lower-case hex digits (sha256sum output)',
        { poolId: pool.id },
      );
    }
    return pool.reload(ref, digest);
  });

  // POOL-052: an optional body names the GPUs the load may use; answers 200 whichever way it went.
  app.post<{ Params: { id: string } }>('/v1/pools/:id/load', async (request) => {
    const pool = poolOf(request.params.id);
    if (request.body === undefined || request.body === null) return pool.load();
    const body = bodyObject(request.body);
    onlyKeys(body, ['devices']);
    const devices = body['devices'];
    if (devices === undefined) return pool.load();
    if (
      !Array.isArray(devices) ||
      devices.length === 0 ||
      !devices.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0)
    ) {
      throw new PoolManagerError(
        'INVALID_REQUEST',
        "body.devices must be a non-empty list of GPU indices (integers from 0), a subset of the pool's devices; leave it out to use them all",
        { poolId: pool.id },
      );
    }
    return pool.load(devices as number[]);
  });

  app.post<{ Params: { id: string } }>('/v1/pools/:id/unload', async (request) => {
    const pool = poolOf(request.params.id);
    const body = bodyObject(request.body);
    onlyKeys(body, ['reason']);
    const reason = body['reason'];
    if (!UNLOAD_REASONS.includes(reason as UnloadReason)) {
      throw new PoolManagerError(
        'INVALID_REQUEST',
        `body.reason must be one of ${UNLOAD_REASONS.join(', ')} (why the model is unloaded; logged and carried by the Stopped event)`,
        { poolId: pool.id },
      );
    }
    return pool.unload(reason as UnloadReason);
  });

  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });
  app.get('/v1/events', async (request, reply) => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-correlation-id': request.id,
    });
    raw.write(': replica_state events follow; read GET /v1/replicas for current states\n\n');
    const unsubscribe = manager.subscribe((event) => {
      raw.write(`id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
    });
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), options.heartbeatMs);
    const end = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(end);
      if (!raw.writableEnded) raw.end();
    };
    streams.add(end);
    request.raw.on('close', end);
  });
};
