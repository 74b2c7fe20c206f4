// ORCHD-042..ORCHD-045: the control plane's pool operations go to
// pool-managerd through its typed client, forwarding the correlation id. A
// drain also takes the pool's replicas out of placement here at once, so no
// task is dispatched between the answer and the next registry event. A reload
// first asks the catalog, as admission does (ORCHD-002), so a pool is never
// moved onto a Retired, Deprecated or untrusted model, nor under the strict
// trust policy onto anything the catalog has not verified; a catalogued model
// is sent with its digest for pool-managerd to check (ORCHD-074). When pool-managerd does
// not answer, the caller gets 503 POOL_UNAVAILABLE, not a hang.
import type { ErrorEnvelope, PoolClient } from '@llama-orch/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.js';
import type { DataPlane } from '../data-plane.js';

export interface PoolRoutesOptions {
  client: PoolClient;
  /** Where pool-managerd runs, for the unreachable message. */
  url: string;
  /** Reload can preload a large model: give it the pools' longest startup timeout plus slack. */
  reloadTimeoutMs: number;
  /**
   * Re-reads pool-managerd's replica registry (PoolManagerLink.refresh): a reload's
   * answer waits for it, so a client that saw `swapped` is placed on the new model at once.
   */
  refreshRegistry?: () => Promise<void>;
}

interface Relayed {
  data?: unknown;
  error?: unknown;
  response: Response;
}

function unreachable(url: string, err: unknown, retryMs: number): ErrorEnvelope {
  return {
    code: 'POOL_UNAVAILABLE',
    message: `pool-managerd at ${url} did not answer (${(err as Error).message}); check that it is running`,
    retriable: true,
    retry_after_ms: retryMs,
  };
}

async function relay(
  reply: FastifyReply,
  url: string,
  call: () => Promise<Relayed>,
  successStatus: number,
): Promise<FastifyReply> {
  let result: Relayed;
  try {
    result = await call();
  } catch (err) {
    return reply.code(503).send(unreachable(url, err, 5_000));
  }
  if (result.response.ok) return reply.code(successStatus).send(result.data);
  return reply.code(result.response.status).send(result.error);
}

/**
 * ORCHD-099: a replica of the pool that placement would use now: Ready by orchestratord's own probe
 * (which follows pool-managerd's Ready by a probe's round trips) and not draining.
 */
function placeable(plane: DataPlane, poolId: string): boolean {
  const view = plane.pools().find((p) => p.pool.id === poolId);
  return view?.replicas.some((r) => r.state === 'Ready' && !r.draining) ?? false;
}

export function poolRoutes(options: PoolRoutesOptions) {
  const { client, url } = options;
  return async (scope: FastifyInstance, deps: RouteDeps): Promise<void> => {
    const headers = (request: FastifyRequest) => ({ 'x-correlation-id': request.id });
    type WithId = FastifyRequest<{ Params: { id: string } }>;

    scope.get('/v1/pools/:id/health', async (request: WithId, reply) => {
      const id = request.params.id;
      return relay(
        reply,
        url,
        async () => {
          const result = await client.GET('/v1/pools/{id}/health', {
            params: { path: { id } },
            headers: headers(request),
            signal: AbortSignal.timeout(5_000),
          });
          if (result.data !== undefined) {
            // pool-managerd holds no queue: the depth is ours.
            result.data.metrics.queue_depth = deps.dataPlane.queueDepth(id).total;
            // ORCHD-099: ready only once our own probe agrees, so a client that waits for it is placed.
            result.data.ready = result.data.ready && placeable(deps.dataPlane, id);
          }
          return result;
        },
        200,
      );
    });

    scope.post('/v1/pools/:id/drain', async (request: WithId, reply) => {
      const id = request.params.id;
      return relay(
        reply,
        url,
        async () => {
          const result = await client.POST('/v1/pools/{id}/drain', {
            params: { path: { id } },
            body: request.body as { deadline_ms: number },
            headers: headers(request),
            signal: AbortSignal.timeout(10_000),
          });
          // ORCHD-042: what is still queued or running at the deadline ends as canceled (reason drain).
          if (result.response.ok && result.data !== undefined)
            deps.dataPlane.drainPool(id, result.data.deadline_ms);
          return result;
        },
        202,
      );
    });

    scope.post('/v1/pools/:id/reload', async (request: WithId, reply) => {
      const id = request.params.id;
      const body = request.body as { new_model_ref?: unknown; expected_digest?: unknown } | null;
      const ref = body?.new_model_ref;
      // A malformed body is pool-managerd's to refuse, so both daemons word it the same way.
      let forwarded = request.body as { new_model_ref: string; expected_digest?: string };
      if (typeof ref === 'string') {
        const requested = typeof body?.expected_digest === 'string' ? body.expected_digest : undefined;
        const decision = deps.control.reloadDecision(ref, requested);
        if ('refusal' in decision) throw decision.refusal;
        if (decision.expectedDigest !== undefined)
          forwarded = { ...forwarded, expected_digest: decision.expectedDigest };
      }
      return relay(
        reply,
        url,
        async () => {
          const result = await client.POST('/v1/pools/{id}/reload', {
            params: { path: { id } },
            body: forwarded,
            headers: headers(request),
            signal: AbortSignal.timeout(options.reloadTimeoutMs),
          });
          if (result.data?.outcome === 'swapped') {
            // ORCHD-073: work admitted after the reload is not the drain's.
            deps.dataPlane.endPoolDrain(id);
            await options
              .refreshRegistry?.()
              .catch((err: unknown) =>
                request.log.warn({ err: (err as Error).message }, 'registry refresh after reload failed'),
              );
            // ORCHD-073: the answer waits for our own view, so work sent after the 200 is admitted at once
            // (a drained or failed replica is Unready here until a probe finds its new engine).
            await deps.dataPlane.reprobePool(id);
          }
          return result;
        },
        200,
      );
    });
  };
}
