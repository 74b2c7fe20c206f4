// Load-time learning (EWMA per model, cold default) and the predicted start of
// a request that must wait for its model to load.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COLD_LOAD_MS,
  createLoadTimeEstimator,
  onTimeProbability,
  predictStart,
  predictStartWithLoad,
} from '../src/index.js';
import { RUNS } from './support/arbitraries.js';

describe('load-time EWMA', () => {
  it('uses the 20 s cold default until the first load replaces it, per model [CORE-076]', () => {
    const loads = createLoadTimeEstimator();
    expect(DEFAULT_COLD_LOAD_MS).toBe(20_000);
    expect(loads.meanMs('coder')).toBe(20_000);
    loads.observe('coder', 8_000);
    expect(loads.estimate('coder')).toEqual({ model_ref: 'coder', mean_ms: 8_000, samples: 1 });
    loads.observe('coder', 13_000);
    expect(loads.meanMs('coder')).toBeCloseTo(9_000, 9); // 8,000 + 0.2 × 5,000
    expect(loads.meanMs('embed')).toBe(20_000);
    loads.reset('coder');
    expect(loads.meanMs('coder')).toBe(20_000);
  });

  it('honours its options and ignores impossible samples [CORE-076]', () => {
    const loads = createLoadTimeEstimator({ alpha: 0.5, cold_load_ms: 1_500 });
    expect(loads.meanMs('m')).toBe(1_500);
    loads.observe('m', 1_000);
    loads.observe('m', -5);
    loads.observe('m', Number.NaN);
    loads.observe('m', 3_000);
    expect(loads.estimate('m')).toEqual({ model_ref: 'm', mean_ms: 2_000, samples: 2 });
    expect(() => createLoadTimeEstimator({ alpha: 0 })).toThrow(/alpha/);
    expect(() => createLoadTimeEstimator({ cold_load_ms: -1 })).toThrow(/cold_load_ms/);
  });
});

describe('predicted start with a load', () => {
  it('adds the load still to go to the start on a fresh replica [CORE-077]', () => {
    const base = { queue_position: 3, slots_total: 2, service_ms: 1_000, load_ms: 9_000, now_ms: 50_000 };
    // Not started: 9,000 ms of load, then position 3 on 2 fresh slots: 1 waits half a service.
    expect(predictStartWithLoad(base)).toBe(9_000 + 500);
    expect(predictStartWithLoad({ ...base, queue_position: 1 })).toBe(9_000);
    // Started 4 s ago: 5 s to go. Overdue: the load is about to finish, never negative.
    expect(predictStartWithLoad({ ...base, load_started_ms: 46_000 })).toBe(5_000 + 500);
    expect(predictStartWithLoad({ ...base, load_started_ms: 0 })).toBe(500);
    expect(predictStartWithLoad({ ...base, slots_total: 0 })).toBe(Infinity);
  });

  it('never falls as the load grows or the position moves back, and lowers the on-time odds [CORE-077]', () => {
    const arb = fc.record({
      queue_position: fc.nat({ max: 100 }),
      slots_total: fc.integer({ min: 1, max: 8 }),
      service_ms: fc.integer({ min: 0, max: 60_000 }),
      load_ms: fc.integer({ min: 0, max: 120_000 }),
      now_ms: fc.integer({ min: 0, max: 1_000_000 }),
      started_ago: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null }),
    });
    fc.assert(
      fc.property(arb, fc.nat({ max: 60_000 }), fc.nat({ max: 20 }), (c, more, back) => {
        const input = {
          ...c,
          load_started_ms: c.started_ago === null ? null : c.now_ms - c.started_ago,
        };
        const start = predictStartWithLoad(input);
        const fresh = predictStart({ ...c, slots_free: c.slots_total });
        expect(start).toBeGreaterThanOrEqual(fresh);
        expect(start).toBeLessThanOrEqual(fresh + c.load_ms);
        expect(predictStartWithLoad({ ...input, load_ms: c.load_ms + more })).toBeGreaterThanOrEqual(start);
        expect(
          predictStartWithLoad({ ...input, queue_position: c.queue_position + back }),
        ).toBeGreaterThanOrEqual(start);
        const odds = (s: number) =>
          onTimeProbability({ predicted_start_ms: s, service_ms: c.service_ms, deadline_ms: 30_000 });
        expect(odds(predictStartWithLoad({ ...input, load_ms: c.load_ms + more }))).toBeLessThanOrEqual(
          odds(start),
        );
      }),
      RUNS,
    );
  });
});
