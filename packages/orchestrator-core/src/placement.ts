// CORE-020..CORE-028, DET-007: choose where a task runs, as a pure function of a
// snapshot. Used twice by the daemon: at admission (which pool's queue to
// join, and its predicted start) and at dispatch (which replica of that pool).
import type {
  PlacementDecision,
  PlacementRefusalReason,
  PlacementRequest,
  PlacementSnapshot,
  PoolSnapshot,
  ReplicaSnapshot,
} from './placement-types.js';
import { predictStart } from './start-time.js';

/** Ascending numeric order that stays total when both sides are +Infinity. */
const byNumber = (a: number, b: number): number => (a === b ? 0 : a < b ? -1 : 1);
const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

type PoolAssessment =
  | {
      type: 'usable';
      pool: PoolSnapshot;
      candidates: ReplicaSnapshot[];
      predicted_start_ms: number;
    }
  | { type: 'unusable'; pool_id: string; reason: PlacementRefusalReason };

/** CORE-021: every device the replica touches is in the mask; CPU only when allowed. */
export function withinDeviceMask(replica: ReplicaSnapshot, pool: PoolSnapshot): boolean {
  if (replica.devices === 'cpu') return pool.allow_cpu_fallback === true;
  if (replica.devices.length === 0) return false;
  return replica.devices.every((device) => pool.device_mask.includes(device));
}

/** CORE-020, CORE-021: may this replica run the request at all (ignoring load)? */
export function isCandidate(
  replica: ReplicaSnapshot,
  pool: PoolSnapshot,
  request: PlacementRequest,
): boolean {
  return (
    replica.state === 'Ready' &&
    !replica.draining &&
    replica.slots_total > 0 &&
    replica.model_ref === request.model_ref &&
    (request.engine === undefined || replica.engine === request.engine) &&
    withinDeviceMask(replica, pool)
  );
}

/** Free VRAM on the devices the replica is bound to; a CPU replica has none. */
export function replicaFreeVram(replica: ReplicaSnapshot): number {
  const devices = replica.devices;
  if (devices === 'cpu') return 0;
  let free = 0;
  for (const entry of replica.vram) if (devices.includes(entry.device)) free += Math.max(0, entry.free_bytes);
  return free;
}

const freeSlots = (replica: ReplicaSnapshot): number =>
  Math.max(0, Math.min(replica.slots_free, replica.slots_total));

/** CORE-023: most free VRAM, then most free slots, then smallest id. */
export function compareReplicas(a: ReplicaSnapshot, b: ReplicaSnapshot): number {
  return (
    byNumber(replicaFreeVram(b), replicaFreeVram(a)) ||
    byNumber(freeSlots(b), freeSlots(a)) ||
    byId(a.id, b.id)
  );
}

const servesRequest = (pool: PoolSnapshot, request: PlacementRequest): boolean =>
  pool.model_ref === request.model_ref && (request.engine === undefined || pool.engine === request.engine);

function assessPool(pool: PoolSnapshot, request: PlacementRequest): PoolAssessment {
  const candidates = pool.replicas.filter((replica) => isCandidate(replica, pool, request));
  const first = candidates[0];
  if (!first) return { type: 'unusable', pool_id: pool.pool_id, reason: 'no-ready-replica' };
  // CORE-026, DET-007: determinism needs one engine build, one set of weights and one sampler
  // profile per replica set. An unknown digest pins nothing, so it differs from a known one.
  const mixed = candidates.some(
    (r) =>
      r.engine_version !== first.engine_version ||
      (r.model_digest ?? null) !== (first.model_digest ?? null) ||
      r.sampler_profile_version !== first.sampler_profile_version,
  );
  if (mixed) return { type: 'unusable', pool_id: pool.pool_id, reason: 'mixed-versions' };
  const pinned = request.sampler_profile_version;
  if (pinned !== undefined && pinned !== first.sampler_profile_version) {
    return { type: 'unusable', pool_id: pool.pool_id, reason: 'sampler-profile-mismatch' };
  }
  let slotsFree = 0;
  let slotsTotal = 0;
  for (const replica of candidates) {
    slotsFree += freeSlots(replica);
    slotsTotal += replica.slots_total;
  }
  const predicted_start_ms = predictStart({
    queue_position: pool.queued,
    slots_free: slotsFree,
    slots_total: slotsTotal,
    service_ms: pool.service_ms,
  });
  return { type: 'usable', pool, candidates, predicted_start_ms };
}

function refusal(request: PlacementRequest, assessed: PoolAssessment[]): PlacementDecision {
  const pools = assessed.flatMap((a) =>
    a.type === 'unusable' ? [{ pool_id: a.pool_id, reason: a.reason }] : [],
  );
  pools.sort((a, b) => byId(a.pool_id, b.pool_id));
  const target = `model ${request.model_ref}${request.engine ? ` on engine ${request.engine}` : ''}`;
  if (pools.length === 0) {
    const message = `no pool serves ${target}; check model_ref/engine or add a pool to the config`;
    return { type: 'refused', code: 'POOL_UNAVAILABLE', reason: 'no-pool', pools, retriable: false, message };
  }
  // An unready pool may recover on its own, so it outranks permanent misconfiguration.
  const has = (reason: PlacementRefusalReason) => pools.some((p) => p.reason === reason);
  if (has('no-ready-replica')) {
    const message = `no Ready replica serves ${target} yet; retry once the pool reports ready`;
    return {
      type: 'refused',
      code: 'POOL_UNREADY',
      reason: 'no-ready-replica',
      pools,
      retriable: true,
      message,
    };
  }
  if (has('mixed-versions')) {
    // A reload's swap passes through this for a moment (one replica on the new model, one not yet),
    // so it is retriable; a set that stays mixed needs a reload to one version.
    const message = `replicas serving ${target} run mixed engine_version, model_digest or sampler_profile_version; retry shortly if a reload is under way, else reload the pool to one version`;
    return {
      type: 'refused',
      code: 'POOL_UNAVAILABLE',
      reason: 'mixed-versions',
      pools,
      retriable: true,
      message,
    };
  }
  const message = `no pool serving ${target} runs sampler_profile_version ${request.sampler_profile_version}; use the pool's version`;
  return {
    type: 'refused',
    code: 'POOL_UNAVAILABLE',
    reason: 'sampler-profile-mismatch',
    pools,
    retriable: false,
    message,
  };
}

/**
 * Decides where a request goes: `placed` on a replica now, `wait` in a pool's
 * queue, or `refused`. Pure and order-independent (CORE-024).
 */
export function place(snapshot: PlacementSnapshot, request: PlacementRequest): PlacementDecision {
  const assessed = snapshot.pools
    .filter((pool) => servesRequest(pool, request))
    .map((p) => assessPool(p, request));
  const usable = assessed.filter((a) => a.type === 'usable');
  if (usable.length === 0) return refusal(request, assessed);

  const last = request.last_replica_id ?? null;
  if (last !== null) {
    for (const { pool, candidates } of usable) {
      const sticky = candidates.find((r) => r.id === last);
      if (sticky && freeSlots(sticky) > 0 && pool.queued <= 0) {
        return placed(pool.pool_id, sticky.id, 'kept');
      }
    }
  }

  // CORE-025: earliest predicted start, then smallest pool id.
  usable.sort(
    (a, b) => byNumber(a.predicted_start_ms, b.predicted_start_ms) || byId(a.pool.pool_id, b.pool.pool_id),
  );
  const best = usable[0]!;
  const ready = best.pool.queued <= 0 ? best.candidates.filter((r) => freeSlots(r) > 0) : [];
  if (ready.length === 0) {
    return { type: 'wait', pool_id: best.pool.pool_id, predicted_start_ms: best.predicted_start_ms };
  }
  ready.sort(compareReplicas);
  return placed(best.pool.pool_id, ready[0]!.id, last === null ? 'none' : 'failover');
}

function placed(
  pool_id: string,
  replica_id: string,
  affinity: 'kept' | 'failover' | 'none',
): PlacementDecision {
  return {
    type: 'placed',
    pool_id,
    replica_id,
    affinity,
    kv_warmth: affinity === 'kept',
    kv_migrated: false,
    predicted_start_ms: 0,
  };
}
