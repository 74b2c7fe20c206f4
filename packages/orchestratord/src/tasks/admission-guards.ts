// ORCHD admission guards (ORCHD-002..ORCHD-004, ORCHD-014, ORCHD-015,
// ORCHD-020): the checks and translations admission runs around
// orchestrator-core's decisions: refusals that need daemon state (lifecycle,
// used-up sessions), the prompt-token count for the ctx guardrail, and the
// mapping of core's typed refusals to wire codes and HTTP statuses.
import {
  NO_DRAIN_OBSERVED,
  retryAfterMs,
  type PlacementSnapshot,
  type PoolSnapshot,
  type Rejection,
} from '@llama-orch/orchestrator-core';
import type { PoolConfig } from '@llama-orch/contracts';
import { MAX_PORTABLE_SEED } from '@llama-orch/worker-adapters';
import { OrchestratordError } from '../errors.js';
import type { DataPlaneContext } from '../data-plane-context.js';
import type { TaskRequest } from './task-request.js';
import { poolSlots } from './task-progress.js';

export function snapshotAll(ctx: DataPlaneContext): PlacementSnapshot {
  const pools: PoolSnapshot[] = [];
  for (const pool of ctx.replicas.pools.values()) {
    const queued = ctx.queues.get(pool.id)?.size() ?? 0;
    const snapshot = ctx.replicas.poolSnapshot(pool.id, queued, ctx.serviceTimes.meanMs(pool.id));
    if (snapshot !== undefined) pools.push(snapshot);
  }
  return { pools };
}

/** The model's context limit as the pool's Ready replicas report it (the smallest wins). */
export function modelCtxMax(ctx: DataPlaneContext, pool: PoolConfig | undefined): number {
  if (pool === undefined) return Number.MAX_SAFE_INTEGER;
  const ready = ctx.replicas.ofPool(pool.id).filter((r) => r.state === 'Ready');
  return ready.length === 0 ? pool.ctx : Math.min(...ready.map((r) => r.ctxMax));
}

/**
 * Prompt tokens for the ctx guardrail. Byte-fallback tokenizers never emit more
 * tokens than UTF-8 bytes (plus BOS), so that bound settles most requests
 * without an engine round trip; only a request the bound cannot clear asks the
 * engine for the exact count.
 */
export async function promptTokens(
  ctx: DataPlaneContext,
  pool: PoolConfig | undefined,
  request: TaskRequest,
): Promise<number> {
  const prompt = request.prompt ?? '';
  const bound = Buffer.byteLength(prompt, 'utf8') + 1;
  if (pool === undefined || bound + request.max_tokens <= request.ctx) return bound;
  const replica = ctx.replicas.ofPool(pool.id).find((r) => r.state === 'Ready');
  if (replica === undefined) return bound;
  try {
    return await replica.adapter.countTokens(prompt, AbortSignal.timeout(ctx.tuning.probeTimeoutMs));
  } catch {
    return bound;
  }
}

export function rejectionError(
  ctx: DataPlaneContext,
  rejection: Rejection,
  pool: PoolConfig | undefined,
  engine: string,
): OrchestratordError {
  const context = {
    engine: pool?.engine ?? engine,
    ...(rejection.pool_id ? { pool_id: rejection.pool_id } : {}),
  };
  const status =
    rejection.code === 'POOL_UNREADY' || rejection.code === 'POOL_UNAVAILABLE'
      ? 503
      : rejection.reason === 'queue-full'
        ? 429
        : 400;
  // ORCHD-015: an unready pool may recover at the next replica probe.
  const retryAfterMs =
    rejection.retry_after_ms ?? (rejection.code === 'POOL_UNREADY' ? ctx.tuning.probeIntervalMs : undefined);
  return new OrchestratordError(rejection.code, rejection.message, {
    status,
    retriable: rejection.retriable,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(rejection.policy_label === undefined ? {} : { policyLabel: rejection.policy_label }),
    context,
  });
}

export function poolRetryAfter(ctx: DataPlaneContext, pool: PoolConfig): number {
  const queue = ctx.queues.get(pool.id);
  return retryAfterMs({
    drain: ctx.drains.get(pool.id) ?? NO_DRAIN_OBSERVED,
    now_ms: ctx.now(),
    queued: queue?.size() ?? 0,
    capacity: queue?.capacity ?? 1,
    service_ms: ctx.serviceTimes.meanMs(pool.id),
    slots_total: poolSlots(ctx, pool.id).total,
  });
}

/** Refusals that depend on daemon state or engine limits rather than on orchestrator-core. */
export function preflight(ctx: DataPlaneContext, request: TaskRequest): void {
  if (ctx.state !== 'running') {
    throw new OrchestratordError(
      'POOL_UNREADY',
      `orchestratord is ${ctx.state}; resubmit once it is running again`,
      {
        status: 503,
        retriable: true,
        retryAfterMs: ctx.tuning.probeIntervalMs,
      },
    );
  }
  if (request.seed !== undefined && request.seed > MAX_PORTABLE_SEED) {
    throw new OrchestratordError(
      'INVALID_PARAMS',
      `body.seed must be <= ${MAX_PORTABLE_SEED}: engines read ${request.seed} as "random", which breaks determinism`,
      { status: 400, retriable: false },
    );
  }
  if (request.workload !== 'completion' || request.prompt === undefined) {
    throw new OrchestratordError(
      'INVALID_PARAMS',
      `workload ${request.workload} is not served by the data plane yet; submit a completion with body.prompt`,
      { status: 400, retriable: false },
    );
  }
  if (ctx.exhaustedSessions.has(request.session_id)) {
    throw new OrchestratordError(
      'ADMISSION_REJECT',
      `session ${request.session_id} used all ${ctx.config.sessions.max_turns} turns; start a new session_id`,
      { status: 400, retriable: false, policyLabel: 'turns' },
    );
  }
}
