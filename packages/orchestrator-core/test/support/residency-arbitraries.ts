// Generators for the residency properties: a few devices of home-lab sizes,
// models that often do not fit, and replicas that are idle, busy, loading or
// pinned in every mix. Sizes are whole GiB so near-misses (need = free) are common.
import fc from 'fast-check';
import type {
  DeviceVram,
  ModelQueueView,
  ResidencySnapshot,
  ResidentReplica,
  ServableModel,
} from '../../src/index.js';
import { usableFreeBytes } from '../../src/index.js';

export const GiB = 1024 ** 3;
const NOW = 1_000_000;
const MODEL_REFS = ['m0', 'm1', 'm2', 'm3', 'm4'] as const;

const modelArb = (model_ref: string, deviceCount: number): fc.Arbitrary<ServableModel> =>
  fc
    .record({
      need: fc.integer({ min: 1, max: 22 }),
      mask: fc.subarray(
        Array.from({ length: deviceCount }, (_, d) => d),
        { minLength: 1 },
      ),
      pinnedRoll: fc.integer({ min: 0, max: 4 }),
      idle: fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: undefined }),
      load_ms: fc.integer({ min: 100, max: 60_000 }),
    })
    .map((m) => ({
      model_ref,
      need_bytes: m.need * GiB,
      device_mask: m.mask,
      pinned: m.pinnedRoll === 0,
      ...(m.idle === undefined ? {} : { idle_unload_ms: m.idle }),
      load_ms: m.load_ms,
    }));

const replicaArb = (id: string, deviceCount: number): fc.Arbitrary<ResidentReplica> =>
  fc
    .record({
      model_ref: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...MODEL_REFS) }, fc.constant('retired')),
      state: fc.oneof({ weight: 6, arbitrary: fc.constant('Ready') }, fc.constantFrom('Loading', 'Draining')),
      inFlight: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, fc.integer({ min: 1, max: 3 })),
      devices: fc.subarray(
        Array.from({ length: deviceCount }, (_, d) => d),
        { minLength: 1, maxLength: Math.min(2, deviceCount) },
      ),
      gib: fc.integer({ min: 1, max: 12 }),
      idleFor: fc.integer({ min: 0, max: 900_000 }),
    })
    .map((r) => ({
      id,
      model_ref: r.model_ref,
      state: r.state,
      held: r.devices.map((device) => ({ device, bytes: r.gib * GiB })),
      in_flight: r.inFlight,
      last_used_ms: NOW - r.idleFor,
    }));

/** 1–3 devices (8, 12 or 24 GiB), five servable models, 0–6 replicas; live free may be stale. */
export const residencySnapshotArb: fc.Arbitrary<ResidencySnapshot> = fc
  .record({ deviceCount: fc.integer({ min: 1, max: 3 }), replicaCount: fc.integer({ min: 0, max: 6 }) })
  .chain(({ deviceCount, replicaCount }) =>
    fc.record({
      totals: fc.array(fc.constantFrom(8, 12, 24), { minLength: deviceCount, maxLength: deviceCount }),
      // Other processes' use (positive) or a read taken before a load allocated (negative).
      drift: fc.array(fc.integer({ min: -4, max: 3 }), { minLength: deviceCount, maxLength: deviceCount }),
      models: fc.tuple(...MODEL_REFS.map((ref) => modelArb(ref, deviceCount))),
      replicas: fc.tuple(...Array.from({ length: replicaCount }, (_, i) => replicaArb(`r${i}`, deviceCount))),
    }),
  )
  .map(({ totals, drift, models, replicas }) => {
    const devices: DeviceVram[] = totals.map((total, device) => {
      const held = replicas
        .flatMap((r) => r.held)
        .filter((h) => h.device === device)
        .reduce((sum, h) => sum + h.bytes, 0);
      const free = Math.max(0, total * GiB - held - (drift[device] ?? 0) * GiB);
      return { device, total_bytes: total * GiB, free_bytes: free };
    });
    return { devices, models, replicas, now_ms: NOW };
  });

/** A snapshot and a model to plan for: mostly servable, sometimes unknown. */
export const residencyCaseArb = residencySnapshotArb.chain((snapshot) =>
  fc
    .oneof({ weight: 12, arbitrary: fc.constantFrom(...MODEL_REFS) }, fc.constant('m9'))
    .map((model_ref) => ({ snapshot, model_ref })),
);

export const isIdle = (r: ResidentReplica): boolean => r.state === 'Ready' && r.in_flight === 0;

export const heldOn = (r: ResidentReplica, device: number): number =>
  r.held.filter((h) => h.device === device).reduce((sum, h) => sum + h.bytes, 0);

export const isPinned = (snapshot: ResidencySnapshot, r: ResidentReplica): boolean =>
  snapshot.models.some((m) => m.model_ref === r.model_ref && m.pinned === true);

/** Usable free bytes on a device of the snapshot (0 for a device it does not list). */
export function usableOn(snapshot: ResidencySnapshot, device: number): number {
  const d = snapshot.devices.find((x) => x.device === device);
  return d ? usableFreeBytes(d, snapshot.replicas) : 0;
}

/** One model's queue view; small time ranges so starvation is common. */
export const queueViewArb = (model_ref: string, now: number): fc.Arbitrary<ModelQueueView> =>
  fc
    .record({
      queued: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 })),
      head_priority: fc.constantFrom('interactive' as const, 'batch' as const, 'batch' as const),
      headAge: fc.integer({ min: 0, max: 10_000 }),
      servedAge: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
      resident: fc.boolean(),
      in_flight: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, fc.integer({ min: 1, max: 2 })),
      loads_without_eviction: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, fc.constant(true)),
    })
    .map((q) => ({
      model_ref,
      queued: q.queued,
      head_priority: q.head_priority,
      head_enqueued_ms: now - q.headAge,
      last_served_ms: q.servedAge === null ? null : now - q.servedAge,
      resident: q.resident,
      in_flight: q.resident ? q.in_flight : 0,
      loads_without_eviction: !q.resident && q.loads_without_eviction,
    }));
