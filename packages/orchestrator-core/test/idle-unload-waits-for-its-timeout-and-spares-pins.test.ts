// Idle unload: a replica nobody used for its model's idle_unload_ms gives its
// VRAM back; pinned, busy and timeout-less models stay.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idleUnloads, type ResidencySnapshot } from '../src/index.js';
import { RUNS } from './support/arbitraries.js';
import { GiB, heldOn, isIdle, isPinned, residencySnapshotArb } from './support/residency-arbitraries.js';

describe('idle unload', () => {
  it('unloads exactly the idle, unpinned replicas past their timeout [CORE-075]', () => {
    fc.assert(
      fc.property(residencySnapshotArb, (snapshot) => {
        const unloads = idleUnloads(snapshot);
        const expected = snapshot.replicas.filter((r) => {
          const model = snapshot.models.find((m) => m.model_ref === r.model_ref);
          return (
            isIdle(r) &&
            !isPinned(snapshot, r) &&
            model?.idle_unload_ms !== undefined &&
            snapshot.now_ms - r.last_used_ms >= model.idle_unload_ms
          );
        });
        expect(unloads.map((u) => u.type === 'evict' && u.replica_id)).toEqual(
          expected.map((r) => r.id).sort(),
        );
        for (const u of unloads) {
          expect(u).toMatchObject({ type: 'evict', reason: 'idle' });
          const r = snapshot.replicas.find((x) => u.type === 'evict' && x.id === u.replica_id)!;
          if (u.type === 'evict') expect(u.freed_bytes).toBe(heldOn(r, u.device));
        }
      }),
      RUNS,
    );
  });

  it('fires at the timeout, not a millisecond before, and never for a pinned model [CORE-075]', () => {
    const snapshot = (now_ms: number, pinned: boolean): ResidencySnapshot => ({
      devices: [{ device: 0, total_bytes: 24 * GiB, free_bytes: 16 * GiB }],
      models: [
        {
          model_ref: 'chat',
          need_bytes: 8 * GiB,
          device_mask: [0],
          load_ms: 5_000,
          idle_unload_ms: 300_000,
          pinned,
        },
      ],
      replicas: [
        {
          id: 'r1',
          model_ref: 'chat',
          state: 'Ready',
          held: [{ device: 0, bytes: 8 * GiB }],
          in_flight: 0,
          last_used_ms: 1_000,
        },
      ],
      now_ms,
    });
    expect(idleUnloads(snapshot(300_999, false))).toEqual([]);
    expect(idleUnloads(snapshot(301_000, false))).toEqual([
      { type: 'evict', replica_id: 'r1', model_ref: 'chat', device: 0, freed_bytes: 8 * GiB, reason: 'idle' },
    ]);
    expect(idleUnloads(snapshot(10_000_000, true))).toEqual([]);
  });
});
