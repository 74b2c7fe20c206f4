// CORE-020..CORE-028: the snapshot orchestratord fills from pool-managerd's
// replica registry, and the decision placement hands back. Shapes follow the
// wire names so the daemon can copy fields across without renaming.

/** VRAM of one GPU as last reported (nvidia-smi / engine metrics). */
export interface DeviceVram {
  /** GPU index as CUDA_VISIBLE_DEVICES numbers it. */
  device: number;
  total_bytes: number;
  free_bytes: number;
}

/**
 * A replica's state as its snapshot carries it. Only the literal `Ready` admits
 * placement; the snapshot's filler may pass any other name (the daemon's
 * Starting/Unready readiness, or pool-managerd's Loading, Draining, Failed, ...).
 * Named apart from contracts' `ReplicaState` (pool-managerd's lifecycle) on purpose.
 */
export type ReplicaSnapshotState = 'Ready' | (string & {});

export interface ReplicaSnapshot {
  id: string;
  pool_id: string;
  state: ReplicaSnapshotState;
  draining: boolean;
  /** GPU indices the engine process is bound to, or `cpu` for the labelled development fallback. */
  devices: readonly number[] | 'cpu';
  vram: readonly DeviceVram[];
  slots_total: number;
  slots_free: number;
  engine: string;
  engine_version: string;
  sampler_profile_version: string;
  model_ref: string;
  /** Digest of the loaded weights as the engine reports it; absent or null while unknown (DET-007). */
  model_digest?: string | null;
  model_bytes?: number;
}

export interface PoolSnapshot {
  pool_id: string;
  /** The model and engine the pool is configured to serve (replicas may lag during a reload). */
  model_ref: string;
  engine: string;
  /** GPUs this pool may use; a replica touching any other device is never chosen. */
  device_mask: readonly number[];
  /** CPU replicas are candidates only when this is true. */
  allow_cpu_fallback?: boolean;
  replicas: readonly ReplicaSnapshot[];
  /** Tasks already queued for this pool (they start before a newcomer). */
  queued: number;
  /** The pool's mean service time (EWMA, or the cold-start default). */
  service_ms: number;
}

export interface PlacementSnapshot {
  pools: readonly PoolSnapshot[];
}

export interface PlacementRequest {
  model_ref: string;
  /** Restricts to one engine kind when set. */
  engine?: string;
  /** Pins the sampler profile for determinism when set. */
  sampler_profile_version?: string;
  /** The replica this task's session last ran on, for affinity. */
  last_replica_id?: string | null;
}

/** How session affinity played out; `failover` means the last replica could not take the task. */
export type AffinityOutcome = 'kept' | 'failover' | 'none';

export type PlacementRefusalReason =
  'no-pool' | 'mixed-versions' | 'sampler-profile-mismatch' | 'no-ready-replica';

export type PlacementDecision =
  | {
      type: 'placed';
      pool_id: string;
      replica_id: string;
      affinity: AffinityOutcome;
      /** True only when the session's KV cache is on the chosen replica. */
      kv_warmth: boolean;
      /** Always false: KV is never moved between replicas. */
      kv_migrated: false;
      predicted_start_ms: 0;
    }
  | {
      /** Candidates exist but are busy or have work queued ahead: queue in this pool. */
      type: 'wait';
      pool_id: string;
      predicted_start_ms: number;
    }
  | {
      type: 'refused';
      code: 'POOL_UNAVAILABLE' | 'POOL_UNREADY';
      reason: PlacementRefusalReason;
      /** The pools that were considered and why each was unusable. */
      pools: readonly { pool_id: string; reason: PlacementRefusalReason }[];
      retriable: boolean;
      message: string;
    };
