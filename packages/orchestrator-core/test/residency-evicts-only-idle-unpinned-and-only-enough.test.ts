// Residency planning over random home-lab snapshots: what may be evicted,
// how much, where a load may go, and what a refusal must say.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planResidency, type ResidencyAction, type ResidencySnapshot } from '../src/index.js';
import { RUNS } from './support/arbitraries.js';
import { heldOn, isIdle, isPinned, residencyCaseArb, usableOn } from './support/residency-arbitraries.js';

type Evict = Extract<ResidencyAction, { type: 'evict' }>;
const evictsOf = (plan: readonly ResidencyAction[]): Evict[] =>
  plan.filter((a): a is Evict => a.type === 'evict');
const replicaById = (snapshot: ResidencySnapshot, id: string) => {
  const found = snapshot.replicas.find((r) => r.id === id);
  if (!found) throw new Error(`plan names unknown replica ${id}`);
  return found;
};

describe('residency planning', () => {
  it('never evicts a busy replica [CORE-072]', () => {
    fc.assert(
      fc.property(residencyCaseArb, ({ snapshot, model_ref }) => {
        for (const e of evictsOf(planResidency(snapshot, model_ref))) {
          expect(isIdle(replicaById(snapshot, e.replica_id))).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('never evicts a replica of a pinned model [CORE-072]', () => {
    fc.assert(
      fc.property(residencyCaseArb, ({ snapshot, model_ref }) => {
        for (const e of evictsOf(planResidency(snapshot, model_ref))) {
          expect(isPinned(snapshot, replicaById(snapshot, e.replica_id))).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('has one shape: resident, wait or refuse alone, or evictions followed by one load [CORE-070]', () => {
    fc.assert(
      fc.property(residencyCaseArb, ({ snapshot, model_ref }) => {
        const plan = planResidency(snapshot, model_ref);
        expect(plan.length).toBeGreaterThan(0);
        const last = plan[plan.length - 1]!;
        if (last.type === 'load') expect(plan.slice(0, -1).every((a) => a.type === 'evict')).toBe(true);
        else expect(plan).toHaveLength(1);
        const ready = snapshot.replicas.some((r) => r.model_ref === model_ref && r.state === 'Ready');
        expect(last.type === 'resident').toBe(ready);
        const loading = !ready && snapshot.replicas.some((r) => r.model_ref === model_ref);
        expect(last.type === 'wait' && last.reason === 'loading').toBe(loading);
      }),
      RUNS,
    );
  });

  it('places a load only inside the mask where the need fits once its evictions are done [CORE-070]', () => {
    fc.assert(
      fc.property(residencyCaseArb, ({ snapshot, model_ref }) => {
        const plan = planResidency(snapshot, model_ref);
        const load = plan.find((a) => a.type === 'load');
        if (!load) return;
        const model = snapshot.models.find((m) => m.model_ref === model_ref)!;
        expect(load.devices).toHaveLength(1);
        const device = load.devices[0]!;
        expect(model.device_mask).toContain(device);
        const freed = evictsOf(plan).reduce((sum, e) => sum + e.freed_bytes, 0);
        expect(load.need_bytes).toBe(model.need_bytes);
        expect(model.need_bytes).toBeLessThanOrEqual(usableOn(snapshot, device) + freed);
      }),
      RUNS,
    );
  });

  it('evicts only when no device fits as is, on the load device, and only enough [CORE-071]', () => {
    fc.assert(
      fc.property(residencyCaseArb, ({ snapshot, model_ref }) => {
        const plan = planResidency(snapshot, model_ref);
        const evicts = evictsOf(plan);
        if (evicts.length === 0) return;
        const model = snapshot.models.find((m) => m.model_ref === model_ref)!;
        for (const d of model.device_mask) expect(model.need_bytes).toBeGreaterThan(usableOn(snapshot, d));
        const load = plan.find((a) => a.type === 'load')!;
        const device = load.devices[0]!;
        const freed = evicts.reduce((sum, e) => sum + e.freed_bytes, 0);
        expect(new Set(evicts.map((e) => e.replica_id)).size).toBe(evicts.length);
        for (const e of evicts) {
          expect(e.device).toBe(device);
          expect(e.reason).toBe('make-room');
          expect(e.freed_bytes).toBe(heldOn(replicaById(snapshot, e.replica_id), device));
          // Keeping this one back would leave too little room.
          expect(model.need_bytes).toBeGreaterThan(usableOn(snapshot, device) + freed - e.freed_bytes);
        }
      }),
      RUNS,
    );
  });

  it('waits for busy work only when idle evictions cannot make room anywhere [CORE-072]', () => {
    fc.assert(
      fc.property(residencyCaseArb, ({ snapshot, model_ref }) => {
        const plan = planResidency(snapshot, model_ref);
        const last = plan[plan.length - 1]!;
        if (last.type !== 'wait' || last.reason !== 'busy') return;
        const model = snapshot.models.find((m) => m.model_ref === model_ref)!;
        for (const d of model.device_mask) {
          const idleRoom = snapshot.replicas
            .filter((r) => isIdle(r) && !isPinned(snapshot, r))
            .reduce((sum, r) => sum + heldOn(r, d), 0);
          expect(model.need_bytes).toBeGreaterThan(usableOn(snapshot, d) + idleRoom);
        }
        expect(last.replica_ids.length).toBeGreaterThan(0);
        for (const id of last.replica_ids) expect(isIdle(replicaById(snapshot, id))).toBe(false);
      }),
      RUNS,
    );
  });

  it('refuses exactly when nothing could ever make room, naming the shortfall per device [CORE-072]', () => {
    fc.assert(
      fc.property(residencyCaseArb, ({ snapshot, model_ref }) => {
        const plan = planResidency(snapshot, model_ref);
        const model = snapshot.models.find((m) => m.model_ref === model_ref);
        const last = plan[plan.length - 1]!;
        if (!model) {
          expect(last).toMatchObject({ type: 'refuse', reason: 'unknown-model', code: 'POOL_UNAVAILABLE' });
          return;
        }
        const hasReplica = snapshot.replicas.some((r) => r.model_ref === model_ref);
        const reclaimable = (d: number) =>
          snapshot.replicas.filter((r) => !isPinned(snapshot, r)).reduce((sum, r) => sum + heldOn(r, d), 0);
        const hopeless = model.device_mask.every(
          (d) => model.need_bytes > usableOn(snapshot, d) + reclaimable(d),
        );
        expect(last.type === 'refuse').toBe(!hasReplica && hopeless);
        if (last.type !== 'refuse') return;
        expect(last.code).toBe('POOL_UNAVAILABLE');
        expect(last.shortfall.map((s) => s.device)).toEqual([...model.device_mask].sort((a, b) => a - b));
        for (const s of last.shortfall) {
          expect(s.need_bytes).toBe(model.need_bytes);
          expect(s.free_bytes).toBe(usableOn(snapshot, s.device));
          expect(s.reclaimable_bytes).toBe(reclaimable(s.device));
          expect(s.shortfall_bytes).toBe(s.need_bytes - s.free_bytes - s.reclaimable_bytes);
          expect(s.shortfall_bytes).toBeGreaterThan(0);
          expect(last.message).toContain(`device ${s.device}`);
        }
      }),
      RUNS,
    );
  });

  it('gives the same plan whatever order devices, models and replicas are listed in [CORE-070]', () => {
    fc.assert(
      fc.property(residencyCaseArb, ({ snapshot, model_ref }) => {
        const reversed: ResidencySnapshot = {
          ...snapshot,
          devices: [...snapshot.devices].reverse(),
          models: [...snapshot.models].reverse(),
          replicas: [...snapshot.replicas].reverse(),
        };
        expect(planResidency(reversed, model_ref)).toEqual(planResidency(snapshot, model_ref));
      }),
      RUNS,
    );
  });
});
