// CORE-070..CORE-072: what to load where, and what to evict for it, as a pure
// function of a residency snapshot. Busy and pinned replicas are out of reach
// by construction: they are never in the candidate list, so no ordering bug
// can evict them.
import type { DeviceVram } from './placement-types.js';
import type {
  DeviceShortfall,
  ResidencyAction,
  ResidencySnapshot,
  ResidentReplica,
  ServableModel,
} from './residency-types.js';

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const heldOn = (replica: ResidentReplica, device: number): number =>
  replica.held.reduce((sum, h) => sum + (h.device === device ? Math.max(0, h.bytes) : 0), 0);

/**
 * Live free VRAM, capped by the total less what the replicas hold: a replica
 * still loading may not have allocated yet, and its room is already promised.
 */
export function usableFreeBytes(device: DeviceVram, replicas: readonly ResidentReplica[]): number {
  const held = replicas.reduce((sum, r) => sum + heldOn(r, device.device), 0);
  return Math.max(0, Math.min(device.free_bytes, device.total_bytes - held));
}

const modelOf = (snapshot: ResidencySnapshot, model_ref: string): ServableModel | undefined =>
  snapshot.models.find((m) => m.model_ref === model_ref);

const isPinned = (snapshot: ResidencySnapshot, r: ResidentReplica): boolean =>
  modelOf(snapshot, r.model_ref)?.pinned === true;

const isIdle = (r: ResidentReplica): boolean => r.state === 'Ready' && r.in_flight <= 0;

/**
 * CORE-071: the price of evicting a replica, its model's reload time spread
 * over how long it has sat unused. A model no longer servable costs nothing.
 */
export function evictionCost(replica: ResidentReplica, snapshot: ResidencySnapshot): number {
  const reload = Math.max(0, modelOf(snapshot, replica.model_ref)?.load_ms ?? 0);
  return reload / (Math.max(0, snapshot.now_ms - replica.last_used_ms) + 1);
}

interface Option {
  device: number;
  evict: ResidentReplica[];
  cost: number;
  freed: number;
  utilisation: number;
  free: number;
}

/** The cheapest idle evictions on one device that make room, or null when none can. */
function evictionsOn(snapshot: ResidencySnapshot, model: ServableModel, device: DeviceVram): Option | null {
  const free = usableFreeBytes(device, snapshot.replicas);
  const utilisation = device.total_bytes > 0 ? 1 - free / device.total_bytes : 1;
  const base = { device: device.device, utilisation, free };
  if (model.need_bytes <= free) return { ...base, evict: [], cost: 0, freed: 0 };
  const cost = (r: ResidentReplica) => evictionCost(r, snapshot);
  const candidates = snapshot.replicas
    .filter((r) => isIdle(r) && !isPinned(snapshot, r) && heldOn(r, device.device) > 0)
    .sort((a, b) => cost(a) - cost(b) || a.last_used_ms - b.last_used_ms || byId(a.id, b.id));
  const chosen: ResidentReplica[] = [];
  let room = free;
  for (const r of candidates) {
    if (room >= model.need_bytes) break;
    chosen.push(r);
    room += heldOn(r, device.device);
  }
  if (room < model.need_bytes) return null;
  // Greedy by cost can pick a small cheap replica before a big one that alone suffices:
  // give back, dearest first, every eviction the load can do without.
  for (let i = chosen.length - 1; i >= 0; i--) {
    const bytes = heldOn(chosen[i]!, device.device);
    if (room - bytes >= model.need_bytes) {
      room -= bytes;
      chosen.splice(i, 1);
    }
  }
  const freed = room - free;
  return { ...base, evict: chosen, cost: chosen.reduce((sum, r) => sum + cost(r), 0), freed };
}

const maskedDevices = (snapshot: ResidencySnapshot, model: ServableModel): DeviceVram[] =>
  [...new Set(model.device_mask)]
    .sort((a, b) => a - b)
    .map(
      (device) =>
        snapshot.devices.find((d) => d.device === device) ?? { device, total_bytes: 0, free_bytes: 0 },
    );

/** CORE-072: every device's distance from fitting once all it could ever reclaim is gone. */
function shortfalls(snapshot: ResidencySnapshot, model: ServableModel): DeviceShortfall[] {
  return maskedDevices(snapshot, model).map((device) => {
    const free = usableFreeBytes(device, snapshot.replicas);
    const reclaimable = snapshot.replicas
      .filter((r) => !isPinned(snapshot, r))
      .reduce((sum, r) => sum + heldOn(r, device.device), 0);
    return {
      device: device.device,
      need_bytes: model.need_bytes,
      free_bytes: free,
      reclaimable_bytes: reclaimable,
      shortfall_bytes: model.need_bytes - free - reclaimable,
    };
  });
}

function refuse(model_ref: string, reason: 'unknown-model' | 'no-fit', shortfall: DeviceShortfall[]) {
  const message =
    reason === 'unknown-model'
      ? `model ${model_ref} is not servable; add it to the config's models`
      : `model ${model_ref} cannot fit even with every unpinned replica unloaded: ${shortfall
          .map((s) => `device ${s.device} needs ${s.need_bytes} bytes, ${s.shortfall_bytes} short`)
          .join('; ')}; use a smaller quantisation or ctx, or unpin a model`;
  return [
    { type: 'refuse', model_ref, code: 'POOL_UNAVAILABLE', reason, shortfall, retriable: false, message },
  ] satisfies ResidencyAction[];
}

/**
 * Plans residency for `model_ref`: `[resident]`, `[wait]`, `[refuse]`, or the
 * evictions to carry out in order followed by one `load`. Order-independent.
 */
export function planResidency(snapshot: ResidencySnapshot, model_ref: string): ResidencyAction[] {
  const own = snapshot.replicas.filter((r) => r.model_ref === model_ref).sort((a, b) => byId(a.id, b.id));
  const ready = own.find((r) => r.state === 'Ready');
  if (ready) return [{ type: 'resident', model_ref, replica_id: ready.id }];
  if (own.length > 0)
    return [{ type: 'wait', model_ref, reason: 'loading', replica_ids: own.map((r) => r.id) }];
  const model = modelOf(snapshot, model_ref);
  if (!model) return refuse(model_ref, 'unknown-model', []);

  const options = maskedDevices(snapshot, model).flatMap((d) => evictionsOn(snapshot, model, d) ?? []);
  options.sort((a, b) =>
    a.evict.length === 0 && b.evict.length === 0
      ? a.utilisation - b.utilisation || b.free - a.free || a.device - b.device
      : Number(a.evict.length > 0) - Number(b.evict.length > 0) ||
        a.cost - b.cost ||
        a.freed - b.freed ||
        a.device - b.device,
  );
  const best = options[0];
  if (best) {
    return [
      ...best.evict.map((r) => ({
        type: 'evict' as const,
        replica_id: r.id,
        model_ref: r.model_ref,
        device: best.device,
        freed_bytes: heldOn(r, best.device),
        reason: 'make-room' as const,
      })),
      {
        type: 'load',
        model_ref,
        devices: [best.device],
        need_bytes: model.need_bytes,
        predicted_load_ms: model.load_ms,
      },
    ];
  }
  const short = shortfalls(snapshot, model);
  const waitable = short.filter((s) => s.shortfall_bytes <= 0).map((s) => s.device);
  if (waitable.length === 0) return refuse(model_ref, 'no-fit', short);
  // Room frees once busy work ends: name the busy, unpinned replicas in the way there.
  const busy = snapshot.replicas
    .filter((r) => !isIdle(r) && !isPinned(snapshot, r) && waitable.some((d) => heldOn(r, d) > 0))
    .map((r) => r.id)
    .sort(byId);
  return [{ type: 'wait', model_ref, reason: 'busy', replica_ids: busy }];
}
