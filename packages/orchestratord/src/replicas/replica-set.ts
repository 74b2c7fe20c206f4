// ORCHD replica registry (CORE-020, CORE-024, DET-007, HOUSE_STYLE 7): the daemon's view
// of every engine replica: lifecycle state, what it serves, and how many of
// its slots are taken. Slot counts are mutated only by the dispatcher on the
// event loop, so a placement decision never acts on a stale read. Snapshots
// feed orchestrator-core's pure placement. What a replica serves follows its
// owner's report (pool-managerd after a reload), not the config it started from.
import type { PoolSnapshot, ReplicaSnapshot } from '@llama-orch/orchestrator-core';
import type { EngineAdapter } from '@llama-orch/worker-adapters';
import type { PoolConfig } from '@llama-orch/contracts';

/**
 * The daemon's own view of whether a replica can take work, kept by its probes and by
 * pool-managerd's reports: not pool-managerd's lifecycle (contracts' `ReplicaState`).
 */
export type ReplicaReadiness = 'Starting' | 'Ready' | 'Unready';

/** One engine endpoint the daemon may send work to. */
export interface ReplicaBinding {
  pool_id: string;
  replica_id: string;
  adapter: EngineAdapter;
  /** GPU indices the engine process is bound to; defaults to the pool's devices. */
  devices?: readonly number[] | 'cpu';
  /**
   * The model the replica serves now as its owner reports it (pool-managerd swaps it on
   * reload); unset, or undefined while unknown, means the pool's configured model.
   */
  servedModel?: () => string | undefined;
}

export interface Replica {
  readonly id: string;
  readonly pool: PoolConfig;
  readonly adapter: EngineAdapter;
  readonly devices: readonly number[] | 'cpu';
  /** Read on every use, so placement and discovery never act on a model the pool left behind. */
  readonly modelRef: string;
  state: ReplicaReadiness;
  engineVersion: string;
  /** Weights digest from the engine's properties; null while unknown (DET-007). */
  modelDigest: string | null;
  ctxMax: number;
  slotsTotal: number;
  /** Slots reserved by the dispatcher (dispatching or running). */
  inFlight: number;
  lastError: string | null;
  kvCacheUsage: number | null;
  /** KV-cache bytes per token of context, as the engine's properties report it; null while unknown. */
  kvBytesPerToken: number | null;
}

export interface ReplicaSet {
  readonly pools: ReadonlyMap<string, PoolConfig>;
  readonly replicas: readonly Replica[];
  get(replicaId: string): Replica | undefined;
  ofPool(poolId: string): readonly Replica[];
  /** The model a pool serves now: its replicas' (one model per pool, swapped atomically), else the config's. */
  modelRefOf(poolId: string): string | undefined;
  /** Placement view of one pool; `queued` and `service_ms` come from the caller. */
  poolSnapshot(poolId: string, queued: number, serviceMs: number): PoolSnapshot | undefined;
}

export function createReplicaSet(
  pools: readonly PoolConfig[],
  bindings: readonly ReplicaBinding[],
): ReplicaSet {
  const poolMap = new Map(pools.map((p) => [p.id, p]));
  const replicas: Replica[] = [];
  const byId = new Map<string, Replica>();
  for (const binding of bindings) {
    const pool = poolMap.get(binding.pool_id);
    if (pool === undefined) {
      throw new Error(
        `replica ${binding.replica_id} names unknown pool ${binding.pool_id}; add the pool to the config`,
      );
    }
    if (byId.has(binding.replica_id)) throw new Error(`replica id ${binding.replica_id} is used twice`);
    const servedModel = binding.servedModel;
    const replica: Replica = {
      id: binding.replica_id,
      pool,
      adapter: binding.adapter,
      devices: binding.devices ?? pool.devices,
      get modelRef() {
        return servedModel?.() ?? pool.model.ref;
      },
      state: 'Starting',
      engineVersion: 'unknown',
      modelDigest: null,
      ctxMax: pool.ctx,
      slotsTotal: pool.launch?.parallel ?? 1,
      inFlight: 0,
      lastError: null,
      kvCacheUsage: null,
      kvBytesPerToken: null,
    };
    replicas.push(replica);
    byId.set(replica.id, replica);
  }
  const byPool = new Map<string, Replica[]>();
  for (const pool of pools)
    byPool.set(
      pool.id,
      replicas.filter((r) => r.pool.id === pool.id),
    );

  const modelRefOf = (poolId: string): string | undefined =>
    byPool.get(poolId)?.[0]?.modelRef ?? poolMap.get(poolId)?.model.ref;

  return {
    pools: poolMap,
    replicas,
    get: (id) => byId.get(id),
    ofPool: (poolId) => byPool.get(poolId) ?? [],
    modelRefOf,
    poolSnapshot(poolId, queued, serviceMs) {
      const pool = poolMap.get(poolId);
      if (pool === undefined) return undefined;
      return {
        pool_id: pool.id,
        model_ref: modelRefOf(poolId) ?? pool.model.ref,
        engine: pool.engine,
        device_mask: pool.devices === 'cpu' ? [] : pool.devices,
        allow_cpu_fallback: pool.allow_cpu_fallback,
        replicas: (byPool.get(poolId) ?? []).map(replicaSnapshot),
        queued,
        service_ms: serviceMs,
      };
    },
  };
}

function replicaSnapshot(replica: Replica): ReplicaSnapshot {
  return {
    id: replica.id,
    pool_id: replica.pool.id,
    state: replica.state,
    draining: false,
    devices: replica.devices,
    vram: [],
    slots_total: replica.slotsTotal,
    slots_free: Math.max(0, replica.slotsTotal - replica.inFlight),
    engine: replica.pool.engine,
    engine_version: replica.engineVersion,
    model_digest: replica.modelDigest,
    sampler_profile_version: replica.pool.sampler_profile_version,
    model_ref: replica.modelRef,
  };
}
