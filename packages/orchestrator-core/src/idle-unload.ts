// CORE-075: replicas nobody has used for their model's idle_unload_ms give
// their VRAM back. Pinned models and busy replicas stay; a model without a
// timeout stays until room is needed (CORE-071).
import type { ResidencyAction, ResidencySnapshot, ResidentReplica } from './residency-types.js';

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The device a replica holds the most VRAM on (lowest index on a tie), and those bytes. */
function mainHolding(replica: ResidentReplica): { device: number; bytes: number } {
  const totals = new Map<number, number>();
  for (const h of replica.held) totals.set(h.device, (totals.get(h.device) ?? 0) + Math.max(0, h.bytes));
  let best = { device: -1, bytes: -1 };
  for (const [device, bytes] of [...totals].sort((a, b) => a[0] - b[0])) {
    if (bytes > best.bytes) best = { device, bytes };
  }
  return best.bytes < 0 ? { device: -1, bytes: 0 } : best;
}

/**
 * Idle unloads due at `snapshot.now_ms`, one `evict` (reason `idle`) per
 * replica, in replica id order. Pure: call it on every tick the daemon runs.
 */
export function idleUnloads(snapshot: ResidencySnapshot): ResidencyAction[] {
  const due = snapshot.replicas.filter((replica) => {
    const model = snapshot.models.find((m) => m.model_ref === replica.model_ref);
    if (!model || model.pinned === true || model.idle_unload_ms === undefined) return false;
    if (replica.state !== 'Ready' || replica.in_flight > 0) return false;
    return snapshot.now_ms - replica.last_used_ms >= model.idle_unload_ms;
  });
  return due
    .sort((a, b) => byId(a.id, b.id))
    .map((replica) => {
      const { device, bytes } = mainHolding(replica);
      return {
        type: 'evict',
        replica_id: replica.id,
        model_ref: replica.model_ref,
        device,
        freed_bytes: bytes,
        reason: 'idle',
      };
    });
}
