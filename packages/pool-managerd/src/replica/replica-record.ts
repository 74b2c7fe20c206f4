// POOL-024, POOL-027: what the registry says about one replica, in the wire
// shape of pool.yaml `Replica`. The supervisor owns and mutates it; readers get
// copies, so an HTTP answer never sees a half-applied change.
import type { Engine, Replica, ReplicaState } from '@llama-orch/contracts';

export interface ReplicaIdentity {
  id: string;
  poolId: string;
  engine: Engine;
  modelRef: string;
  cpuFallback: boolean;
  /** The pool's mask until preflight narrows it to this replica's devices. */
  devices: readonly number[];
}

export function newReplicaRecord(identity: ReplicaIdentity, now: number): Replica {
  return {
    id: identity.id,
    pool_id: identity.poolId,
    state: 'Stopped',
    endpoint: null,
    metrics_endpoint: null,
    engine: identity.engine,
    engine_version: null,
    model_ref: identity.modelRef,
    model_digest: null,
    devices: [...identity.devices],
    cpu_fallback: identity.cpuFallback,
    slots_total: 0,
    slots_free: 0,
    vram_bytes: null,
    kv_bytes_per_token: null,
    last_error: null,
    restarts: 0,
    pid: null,
    state_since_ms: now,
    retry_at_ms: null,
  };
}

export interface StateChange {
  replica_id: string;
  pool_id: string;
  from: ReplicaState;
  to: ReplicaState;
  at_ms: number;
  reason?: string;
}
