// Generators shared by the property suites. Small id alphabets on purpose:
// collisions (duplicate ids, cancels of queued ids, affinity hits) are where
// the bugs live.
import fc from 'fast-check';
import type { PlacementSnapshot, PoolSnapshot, Priority, ReplicaSnapshot } from '../../src/index.js';

/** Every property in this package runs at least this many cases (CORE-060). */
export const RUNS = { numRuns: 1000 } as const;

export const priorityArb: fc.Arbitrary<Priority> = fc.constantFrom('interactive', 'batch');

export type QueueOp =
  | { type: 'enqueue'; id: string; priority: Priority }
  | { type: 'dequeue' }
  | { type: 'peek' }
  | { type: 'cancel'; id: string };

/** Operations over ids t0..t{ids-1}; a small alphabet makes duplicates and hits common. */
export const queueOpArb = (ids: number, dequeueWeight = 2): fc.Arbitrary<QueueOp> => {
  const idArb = fc.integer({ min: 0, max: ids - 1 }).map((n) => `t${n}`);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({ type: fc.constant('enqueue' as const), id: idArb, priority: priorityArb }),
    },
    { weight: dequeueWeight, arbitrary: fc.constant({ type: 'dequeue' as const }) },
    { weight: 1, arbitrary: fc.constant({ type: 'peek' as const }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('cancel' as const), id: idArb }) },
  );
};

export const queueOpsArb = fc.array(queueOpArb(25), { maxLength: 80, size: 'max' });

/** Longer runs over more ids, so rings and the id index grow. */
export const longQueueOpsArb = fc.array(queueOpArb(100), { minLength: 50, maxLength: 250, size: 'max' });

/** Enqueue/cancel churn with no dequeue: the oldest tasks stay, holes pile up and force compaction. */
export const churnQueueOpsArb = fc.array(queueOpArb(20, 0), { minLength: 50, maxLength: 250, size: 'max' });

const GiB = 1024 ** 3;
const DEVICES = [0, 1, 2, 3];

interface PoolBase {
  pool_id: string;
  model_ref: string;
  engine: string;
  device_mask: number[];
}

/** Mostly replicas that match their pool, with enough odd ones to exercise every filter. */
const replicaArb = (pool: PoolBase, id: string): fc.Arbitrary<ReplicaSnapshot> =>
  fc
    .record({
      state: fc.oneof({ weight: 8, arbitrary: fc.constant('Ready') }, fc.constantFrom('Loading', 'Unready')),
      drainingRoll: fc.integer({ min: 0, max: 7 }),
      devices: fc.oneof(
        {
          weight: 12,
          arbitrary: fc.subarray(pool.device_mask, {
            minLength: 1,
            maxLength: Math.min(2, pool.device_mask.length),
          }),
        },
        { weight: 2, arbitrary: fc.subarray(DEVICES, { minLength: 1, maxLength: 2 }) },
        { weight: 1, arbitrary: fc.constant('cpu' as const) },
      ),
      vramFree: fc.array(fc.integer({ min: 0, max: 24 }), { minLength: 4, maxLength: 4 }),
      slots_total: fc.integer({ min: 1, max: 4 }),
      busy: fc.integer({ min: 0, max: 3 }),
      engine: fc.oneof({ weight: 8, arbitrary: fc.constant(pool.engine) }, fc.constant('tgi')),
      engine_version: fc.oneof({ weight: 15, arbitrary: fc.constant('b1') }, fc.constant('b2')),
      sampler_profile_version: fc.oneof({ weight: 15, arbitrary: fc.constant('s1') }, fc.constant('s2')),
      model_ref: fc.oneof({ weight: 8, arbitrary: fc.constant(pool.model_ref) }, fc.constant('m2')),
    })
    .map((r) => ({
      id,
      pool_id: pool.pool_id,
      state: r.state,
      draining: r.drainingRoll === 0,
      devices: r.devices,
      vram: DEVICES.map((device, i) => ({
        device,
        total_bytes: 24 * GiB,
        free_bytes: (r.vramFree[i] ?? 0) * GiB,
      })),
      slots_total: r.slots_total,
      slots_free: Math.max(0, r.slots_total - r.busy),
      engine: r.engine,
      engine_version: r.engine_version,
      sampler_profile_version: r.sampler_profile_version,
      model_ref: r.model_ref,
    }));

const poolArb = (pool_id: string, replicaIds: string[]): fc.Arbitrary<PoolSnapshot> =>
  fc
    .record({
      pool_id: fc.constant(pool_id),
      model_ref: fc.constantFrom('m1', 'm1', 'm1', 'm1', 'm2'),
      engine: fc.constantFrom('llamacpp', 'llamacpp', 'vllm'),
      device_mask: fc.subarray(DEVICES, { minLength: 1 }),
    })
    .chain((base) =>
      fc.record({
        pool_id: fc.constant(base.pool_id),
        model_ref: fc.constant(base.model_ref),
        engine: fc.constant(base.engine),
        device_mask: fc.constant(base.device_mask),
        allow_cpu_fallback: fc.boolean(),
        replicas: fc.tuple(...replicaIds.map((id) => replicaArb(base, id))),
        queued: fc.constantFrom(0, 0, 0, 0, 0, 1, 3),
        service_ms: fc.integer({ min: 100, max: 10_000 }),
      }),
    );

/** 1–4 pools with 0–4 replicas each; ids unique across the snapshot. */
export const snapshotArb: fc.Arbitrary<PlacementSnapshot> = fc
  .array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 })
  .chain((sizes) => {
    let next = 0;
    const pools = sizes.map((size, p) =>
      poolArb(
        `pool-${p}`,
        Array.from({ length: size }, () => `r${next++}`),
      ),
    );
    return fc.tuple(...pools).map((list) => ({ pools: list }));
  });

/** A request, mostly for a model and engine some pool in the snapshot serves. */
export const requestFor = (snapshot: PlacementSnapshot) =>
  fc.record({
    model_ref: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...snapshot.pools.map((p) => p.model_ref)) },
      { weight: 1, arbitrary: fc.constant('m3') },
    ),
    engine: fc.oneof(
      { weight: 5, arbitrary: fc.constant(undefined) },
      { weight: 3, arbitrary: fc.constantFrom(...snapshot.pools.map((p) => p.engine)) },
      { weight: 1, arbitrary: fc.constant('tgi') },
    ),
    sampler_profile_version: fc.constantFrom(undefined, undefined, undefined, undefined, 's1', 's2'),
    last_replica_id: fc.option(
      fc.integer({ min: 0, max: 7 }).map((n) => `r${n}`),
      { nil: null, freq: 2 },
    ),
  });

/** A snapshot and a request against it. */
export const placementCaseArb = snapshotArb.chain((snapshot) =>
  requestFor(snapshot).map((request) => ({ snapshot, request })),
);

/** The same snapshot with pools and replicas listed in another order. */
export function permuted(snapshot: PlacementSnapshot, keys: readonly number[]): PlacementSnapshot {
  let k = 0;
  const key = () => keys[k++ % Math.max(1, keys.length)] ?? 0;
  const shuffle = <T>(items: readonly T[]): T[] =>
    items
      .map((item) => ({ item, key: key() }))
      .sort((a, b) => a.key - b.key)
      .map((entry) => entry.item);
  return { pools: shuffle(snapshot.pools).map((pool) => ({ ...pool, replicas: shuffle(pool.replicas) })) };
}
