// POOL-013, POOL-021, POOL-024, POOL-053, ORCHD-044: the pool's status and health as
// pool.yaml spells them, computed from replica views. Pure, so what the API
// reports and what the tests assert are the same function of the same data
// (the clock is an argument: health reports time left until a retry).
import type { PoolConfig, PoolHealth, PoolHealthReplica, PoolStatus, Replica } from '@llama-orch/contracts';

export interface PoolView {
  pool: PoolConfig;
  modelRef: string;
  draining: boolean;
  poolError: string | null;
  pinnedVersion: string | null;
  /** POOL-053: one replica's memory from the GGUF header; null when unknown. */
  footprintBytes: number | null;
  replicas: readonly Replica[];
}

const LIVE_STATES = new Set(['Starting', 'Loading', 'Ready', 'Draining']);

function lastError(view: PoolView): string | null {
  if (view.poolError !== null) return view.poolError;
  // The most recent failure among replicas, so an open breaker's cause stays visible.
  const failed = view.replicas.filter((r) => r.last_error !== null && r.state !== 'Ready');
  failed.sort((a, b) => (b.state_since_ms ?? 0) - (a.state_since_ms ?? 0));
  return failed[0]?.last_error ?? null;
}

export function poolStatus(view: PoolView): PoolStatus {
  const { pool } = view;
  return {
    id: pool.id,
    engine: pool.engine,
    model_ref: view.modelRef,
    ready: !view.draining && view.replicas.some((r) => r.state === 'Ready'),
    draining: view.draining,
    cpu_fallback: pool.devices === 'cpu',
    devices: pool.devices === 'cpu' ? [] : [...pool.devices],
    replicas: view.replicas.map((r) => ({ ...r })),
    last_error: lastError(view),
    engine_version: view.pinnedVersion,
    sampler_profile_version: pool.sampler_profile_version,
    on_demand: pool.residency !== undefined,
    pinned: pool.residency?.pinned ?? false,
    footprint_bytes: view.footprintBytes,
  };
}

const WAITING_STATES = new Set(['Backoff', 'CircuitOpen']);

/** One replica's supervision figures as health reports them, at time `now` (epoch ms). */
export function replicaHealth(replica: Replica, now: number): PoolHealthReplica {
  const retryAt = replica.retry_at_ms ?? null;
  return {
    id: replica.id,
    state: replica.state,
    restarts: replica.restarts,
    retry_in_ms: WAITING_STATES.has(replica.state) && retryAt !== null ? Math.max(0, retryAt - now) : null,
    breaker: replica.state === 'CircuitOpen' ? 'open' : 'closed',
    last_error: replica.last_error,
    pid: replica.pid ?? null,
  };
}

export function poolHealth(view: PoolView, now: number = Date.now()): PoolHealth {
  const ready = view.replicas.filter((r) => r.state === 'Ready');
  return {
    pool_id: view.pool.id,
    live: view.replicas.some((r) => LIVE_STATES.has(r.state)),
    ready: !view.draining && ready.length > 0,
    draining: view.draining,
    last_error: lastError(view),
    metrics: {
      // pool-managerd holds no queue; orchestratord fills in its own depth.
      queue_depth: 0,
      replicas_ready: ready.length,
      replicas_total: view.replicas.length,
      replicas_circuit_open: view.replicas.filter((r) => r.state === 'CircuitOpen').length,
      slots_free: ready.reduce((n, r) => n + r.slots_free, 0),
      slots_total: ready.reduce((n, r) => n + r.slots_total, 0),
      cpu_fallback: view.pool.devices === 'cpu',
    },
    replicas: view.replicas.map((r) => replicaHealth(r, now)),
  };
}
