// CORE-070..CORE-075: the snapshot the residency decisions read and the
// actions they hand back. pool-managerd fills the snapshot from its replica
// registry and nvidia-smi (or the CPU memory budget, as one more device);
// orchestratord fills the queue views. Nothing here reads a clock: `now_ms`
// arrives with the snapshot.
import type { DeviceVram, ReplicaSnapshot } from './placement-types.js';
import type { Priority } from './queue-types.js';

/** A model the config says may be served, resident or not. */
export interface ServableModel {
  model_ref: string;
  /** VRAM one replica needs on its device: weights + KV for its ctx + overhead, from preflight. */
  need_bytes: number;
  /** Devices the model may use; others are never considered. */
  device_mask: readonly number[];
  /** A pinned model is never evicted, for room or for idleness. */
  pinned?: boolean;
  /** Unload a replica after this long without use; absent: never unloaded for idleness. */
  idle_unload_ms?: number;
  /** Predicted time to load a replica (the model's load-time EWMA or its cold default). */
  load_ms: number;
}

/** VRAM a replica holds on one device. */
export interface HeldVram {
  device: number;
  bytes: number;
}

/**
 * A loaded (or loading) replica as residency sees it. Only the literal `Ready`
 * with nothing in flight is idle, so only such a replica may be evicted.
 */
export interface ResidentReplica extends Pick<ReplicaSnapshot, 'id' | 'model_ref' | 'state'> {
  held: readonly HeldVram[];
  /** Tasks running on the replica now. */
  in_flight: number;
  /** When a task last finished or was dispatched there (or when it became Ready). */
  last_used_ms: number;
}

export interface ResidencySnapshot {
  /** Live VRAM per device, as last read. */
  devices: readonly DeviceVram[];
  models: readonly ServableModel[];
  replicas: readonly ResidentReplica[];
  now_ms: number;
}

/** Why a replica is unloaded; the label of `model_evictions_total{reason}`. */
export type ModelEvictionReason = 'make-room' | 'idle';

/** Why a device cannot take the model, even with every evictable replica gone. */
export interface DeviceShortfall {
  device: number;
  need_bytes: number;
  /** Usable free VRAM now (live free, capped by total less what replicas hold). */
  free_bytes: number;
  /** What evicting every replica that may ever be evicted there would add (busy ones included). */
  reclaimable_bytes: number;
  /** need − (free + reclaimable); positive on every device of a refusal. */
  shortfall_bytes: number;
}

export type ResidencyAction =
  | { type: 'resident'; model_ref: string; replica_id: string }
  | {
      type: 'evict';
      replica_id: string;
      model_ref: string;
      device: number;
      /** Bytes the eviction returns on `device`. */
      freed_bytes: number;
      reason: ModelEvictionReason;
    }
  | {
      type: 'load';
      model_ref: string;
      devices: readonly number[];
      need_bytes: number;
      predicted_load_ms: number;
    }
  | {
      /** `loading`: a replica of the model is on its way; `busy`: room frees once these finish. */
      type: 'wait';
      model_ref: string;
      reason: 'loading' | 'busy';
      replica_ids: readonly string[];
    }
  | {
      type: 'refuse';
      model_ref: string;
      code: 'POOL_UNAVAILABLE';
      reason: 'unknown-model' | 'no-fit';
      /** One entry per device in the model's mask, by device index. */
      shortfall: readonly DeviceShortfall[];
      retriable: false;
      message: string;
    };

/** What orchestratord knows about one model's queue, for the device the models compete for. */
export interface ModelQueueView {
  model_ref: string;
  /** Requests waiting; an empty queue is never chosen. */
  queued: number;
  head_priority: Priority;
  head_enqueued_ms: number;
  /** When a request of this model was last dispatched; null if never. */
  last_served_ms: number | null;
  /** A Ready replica of the model is on the device. */
  resident: boolean;
  /** Tasks of this model running on the device now (0 for a non-resident model). */
  in_flight: number;
  /** Non-resident only: a load would fit the free room without evicting anything (from planResidency). */
  loads_without_eviction?: boolean;
}

export interface QueueChoiceInput {
  /** One view per model competing for the device, every resident model included. */
  queues: readonly ModelQueueView[];
  now_ms: number;
  max_wait_ms: number;
}

/**
 * `max-wait`: a starved queue; `free-room`: a load that evicts nothing; `resident`: the model is
 * loaded; `interactive`: an interactive head displacing idle residents; `load`: nothing resident waits.
 */
export type QueueChoiceReason = 'max-wait' | 'free-room' | 'resident' | 'interactive' | 'load';

export type QueueChoice =
  | {
      type: 'serve';
      model_ref: string;
      /** True when serving it needs a load first (planResidency decides what that evicts). */
      needs_load: boolean;
      reason: QueueChoiceReason;
      /** How long the queue had waited for its turn (CORE-073's clock). */
      waited_ms: number;
    }
  | { type: 'idle' };
