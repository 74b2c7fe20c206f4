// Placement safety and determinism over random snapshots.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  place,
  replicaFreeVram,
  type PlacementDecision,
  type PlacementSnapshot,
  type PoolSnapshot,
  type ReplicaSnapshot,
} from '../src/index.js';
import { RUNS, permuted, placementCaseArb } from './support/arbitraries.js';

function locate(snapshot: PlacementSnapshot, decision: PlacementDecision) {
  if (decision.type !== 'placed') return undefined;
  const pool = snapshot.pools.find((p) => p.pool_id === decision.pool_id)!;
  const replica = pool.replicas.find((r) => r.id === decision.replica_id)!;
  return { pool, replica };
}

const inMask = (replica: ReplicaSnapshot, pool: PoolSnapshot) =>
  replica.devices === 'cpu'
    ? pool.allow_cpu_fallback === true
    : replica.devices.every((d) => pool.device_mask.includes(d));

describe('placement eligibility and determinism', () => {
  it('never picks an unready, draining, busy or out-of-mask replica [CORE-020] [CORE-021]', () => {
    fc.assert(
      fc.property(placementCaseArb, ({ snapshot, request }) => {
        const found = locate(snapshot, place(snapshot, request));
        if (!found) return;
        const { pool, replica } = found;
        expect(replica.state).toBe('Ready');
        expect(replica.draining).toBe(false);
        expect(replica.slots_free).toBeGreaterThan(0);
        expect(inMask(replica, pool)).toBe(true);
        expect(replica.model_ref).toBe(request.model_ref);
        if (request.engine) expect(replica.engine).toBe(request.engine);
      }),
      RUNS,
    );
  });

  it('gives the same decision for the same snapshot, whatever the listing order [CORE-024]', () => {
    fc.assert(
      fc.property(
        placementCaseArb,
        fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
        ({ snapshot, request }, keys) => {
          const first = place(snapshot, request);
          expect(place(snapshot, request)).toEqual(first);
          expect(place(permuted(snapshot, keys), request)).toEqual(first);
        },
      ),
      RUNS,
    );
  });

  it('keeps a session on its last replica when it can take the task, else flags the failover cold [CORE-022]', () => {
    fc.assert(
      fc.property(placementCaseArb, ({ snapshot, request }) => {
        const decision = place(snapshot, request);
        if (decision.type !== 'placed') return;
        expect(decision.kv_migrated).toBe(false);
        if (decision.affinity === 'kept') {
          expect(decision.replica_id).toBe(request.last_replica_id);
          expect(decision.kv_warmth).toBe(true);
        } else {
          expect(decision.kv_warmth).toBe(false);
          expect(decision.affinity).toBe(request.last_replica_id === null ? 'none' : 'failover');
          expect(decision.replica_id).not.toBe(request.last_replica_id);
        }
      }),
      RUNS,
    );
  });

  it('sends a session back to any free candidate it last ran on, warm [CORE-022]', () => {
    fc.assert(
      fc.property(placementCaseArb, fc.nat(), ({ snapshot, request }, pick) => {
        const cold = place(snapshot, { ...request, last_replica_id: null });
        const found = locate(snapshot, cold);
        if (!found) return;
        // Any replica of the same pool that could have been chosen is a valid affinity target.
        const others = found.pool.replicas.filter(
          (r) =>
            r.state === 'Ready' &&
            !r.draining &&
            r.slots_free > 0 &&
            r.model_ref === request.model_ref &&
            (request.engine === undefined || r.engine === request.engine) &&
            inMask(r, found.pool),
        );
        expect(others.map((r) => r.id)).toContain(found.replica.id);
        const target = others[pick % others.length]!;
        const warm = place(snapshot, { ...request, last_replica_id: target.id });
        expect(warm).toEqual({
          type: 'placed',
          pool_id: found.pool.pool_id,
          replica_id: target.id,
          affinity: 'kept',
          kv_warmth: true,
          kv_migrated: false,
          predicted_start_ms: 0,
        });
      }),
      RUNS,
    );
  });

  it('prefers the candidate with the most free VRAM, then free slots, then the smallest id [CORE-023]', () => {
    fc.assert(
      fc.property(placementCaseArb, ({ snapshot, request }) => {
        const decision = place(snapshot, { ...request, last_replica_id: null });
        const found = locate(snapshot, decision);
        if (!found) return;
        const rivals = found.pool.replicas.filter(
          (r) =>
            r.id !== found.replica.id &&
            r.state === 'Ready' &&
            !r.draining &&
            r.slots_free > 0 &&
            r.model_ref === request.model_ref &&
            (request.engine === undefined || r.engine === request.engine) &&
            inMask(r, found.pool),
        );
        const key = (r: ReplicaSnapshot) => [replicaFreeVram(r), r.slots_free] as const;
        const [vram, slots] = key(found.replica);
        for (const rival of rivals) {
          const [rv, rs] = key(rival);
          const better =
            rv > vram || (rv === vram && (rs > slots || (rs === slots && rival.id < found.replica.id)));
          expect(better).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('never places on a replica set with mixed engine or sampler versions [CORE-026]', () => {
    fc.assert(
      fc.property(placementCaseArb, ({ snapshot, request }) => {
        const decision = place(snapshot, request);
        if (decision.type === 'refused') return;
        const pool = snapshot.pools.find((p) => p.pool_id === decision.pool_id)!;
        const candidates = pool.replicas.filter(
          (r) =>
            r.state === 'Ready' &&
            !r.draining &&
            r.model_ref === request.model_ref &&
            (request.engine === undefined || r.engine === request.engine) &&
            inMask(r, pool),
        );
        expect(new Set(candidates.map((r) => r.engine_version)).size).toBe(1);
        expect(new Set(candidates.map((r) => r.sampler_profile_version)).size).toBe(1);
        if (request.sampler_profile_version) {
          expect(candidates[0]?.sampler_profile_version).toBe(request.sampler_profile_version);
        }
      }),
      RUNS,
    );
  });

  it('answers POOL_UNAVAILABLE only when no pool serves the model, POOL_UNREADY only when one does [CORE-027]', () => {
    fc.assert(
      fc.property(placementCaseArb, ({ snapshot, request }) => {
        const decision = place(snapshot, request);
        const serving = snapshot.pools.filter(
          (p) =>
            p.model_ref === request.model_ref &&
            (request.engine === undefined || p.engine === request.engine),
        );
        if (serving.length === 0)
          expect(decision).toMatchObject({ type: 'refused', code: 'POOL_UNAVAILABLE', reason: 'no-pool' });
        if (decision.type === 'refused' && decision.code === 'POOL_UNREADY')
          expect(serving.length).toBeGreaterThan(0);
        if (decision.type !== 'refused') expect(serving.map((p) => p.pool_id)).toContain(decision.pool_id);
      }),
      RUNS,
    );
  });
});
