// Estimation: predicted start, on-time probability, EWMA service time and the
// drain-based 429 retry hint.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COLD_START_SERVICE_MS,
  NO_DRAIN_OBSERVED,
  createServiceTimeEstimator,
  observeDrain,
  onTimeProbability,
  predictStart,
  retryAfterMs,
  type DrainRate,
} from '../src/index.js';
import { RUNS } from './support/arbitraries.js';

const startArb = fc.record({
  queue_position: fc.nat({ max: 500 }),
  slots_free: fc.nat({ max: 16 }),
  slots_total: fc.integer({ min: 1, max: 16 }),
  service_ms: fc.integer({ min: 0, max: 120_000 }),
});

describe('predicted start', () => {
  it('is zero exactly while a free slot remains, and never decreases with position or busier slots [CORE-040]', () => {
    fc.assert(
      fc.property(startArb, fc.nat({ max: 50 }), fc.nat({ max: 8 }), (input, more, busier) => {
        const free = Math.min(input.slots_free, input.slots_total);
        const start = predictStart(input);
        if (input.queue_position < free) expect(start).toBe(0);
        else if (input.service_ms > 0) expect(start).toBeGreaterThan(0);
        expect(
          predictStart({ ...input, queue_position: input.queue_position + more }),
        ).toBeGreaterThanOrEqual(start);
        expect(predictStart({ ...input, slots_free: Math.max(0, free - busier) })).toBeGreaterThanOrEqual(
          start,
        );
        expect(Number.isInteger(start)).toBe(true);
      }),
      RUNS,
    );
  });

  it('matches the documented formula on a worked example [CORE-040]', () => {
    // 2 slots, both busy, 5 ahead: waves ⌊5/2⌋ = 2 → (2 + 0.5) × 1,000 ms.
    expect(predictStart({ queue_position: 5, slots_free: 0, slots_total: 2, service_ms: 1_000 })).toBe(2_500);
    expect(predictStart({ queue_position: 0, slots_free: 0, slots_total: 0, service_ms: 1_000 })).toBe(
      Infinity,
    );
  });
});

describe('on-time probability', () => {
  const onTimeArb = fc.record({
    predicted_start_ms: fc.nat({ max: 100_000 }),
    service_ms: fc.nat({ max: 100_000 }),
    deadline_ms: fc.integer({ min: -1_000, max: 300_000 }),
  });

  it('stays in [0, 1], rises with a later deadline and falls with a later start [CORE-042]', () => {
    fc.assert(
      fc.property(onTimeArb, fc.nat({ max: 50_000 }), (input, delta) => {
        const p = onTimeProbability(input);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(
          onTimeProbability({ ...input, deadline_ms: input.deadline_ms + delta }),
        ).toBeGreaterThanOrEqual(p);
        expect(
          onTimeProbability({ ...input, predicted_start_ms: input.predicted_start_ms + delta }),
        ).toBeLessThanOrEqual(p);
      }),
      RUNS,
    );
  });

  it('is one half when the deadline equals the expected finish [CORE-042]', () => {
    expect(
      onTimeProbability({ predicted_start_ms: 1_000, service_ms: 1_000, deadline_ms: 2_000 }),
    ).toBeCloseTo(0.5, 6);
    expect(
      onTimeProbability({ predicted_start_ms: 1_000, service_ms: 1_000, deadline_ms: 10_000 }),
    ).toBeGreaterThan(0.99);
  });
});

describe('service time EWMA', () => {
  it('uses the cold-start default until the first observation replaces it [CORE-041]', () => {
    const estimator = createServiceTimeEstimator();
    expect(estimator.meanMs('p')).toBe(DEFAULT_COLD_START_SERVICE_MS);
    estimator.observe('p', 800);
    expect(estimator.estimate('p')).toEqual({ pool_id: 'p', mean_ms: 800, samples: 1 });
    estimator.observe('p', 1_800);
    expect(estimator.meanMs('p')).toBeCloseTo(1_000, 9);
    expect(estimator.meanMs('other')).toBe(DEFAULT_COLD_START_SERVICE_MS);
  });

  it('always lies between the smallest and largest sample seen [CORE-041]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 60_000 }), { minLength: 1, maxLength: 50 }),
        (samples) => {
          const estimator = createServiceTimeEstimator({ alpha: 0.3 });
          for (const s of samples) estimator.observe('p', s);
          expect(estimator.meanMs('p')).toBeGreaterThanOrEqual(Math.min(...samples) - 1e-6);
          expect(estimator.meanMs('p')).toBeLessThanOrEqual(Math.max(...samples) + 1e-6);
        },
      ),
      RUNS,
    );
  });
});

describe('retry_after_ms', () => {
  const drained = (gaps: number[], start = 0): DrainRate => {
    let rate = observeDrain(NO_DRAIN_OBSERVED, start);
    let t = start;
    for (const gap of gaps) rate = observeDrain(rate, (t += gap));
    return rate;
  };

  it('follows the observed drain rate rather than a constant [CORE-043]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 10, max: 2_000 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 2, max: 5 }),
        (gaps, factor) => {
          const base = { queued: 8, capacity: 8, service_ms: 1_000, slots_total: 1 };
          const slow = drained(gaps.map((g) => g * factor));
          const fast = drained(gaps);
          const atFast = retryAfterMs({ ...base, drain: fast, now_ms: fast.last_drain_at_ms! });
          const atSlow = retryAfterMs({ ...base, drain: slow, now_ms: slow.last_drain_at_ms! });
          expect(atSlow).toBeGreaterThanOrEqual(factor * atFast - factor);
          expect(atSlow).toBeLessThanOrEqual(factor * atFast);
        },
      ),
      RUNS,
    );
  });

  it('grows while the queue stalls and with the backlog, and stays a whole number in [1, max] [CORE-043]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 10 }),
        fc.nat({ max: 100_000 }),
        fc.nat({ max: 100_000 }),
        fc.nat({ max: 20 }),
        (gaps, wait, more, extra) => {
          const drain = drained(gaps);
          const base = { drain, queued: 4, capacity: 4, service_ms: 2_000, slots_total: 2 };
          const now = drain.last_drain_at_ms! + wait;
          const r = retryAfterMs({ ...base, now_ms: now });
          expect(Number.isInteger(r)).toBe(true);
          expect(r).toBeGreaterThanOrEqual(1);
          expect(r).toBeLessThanOrEqual(60_000);
          expect(retryAfterMs({ ...base, now_ms: now + more })).toBeGreaterThanOrEqual(r);
          expect(retryAfterMs({ ...base, now_ms: now, queued: 4 + extra })).toBeGreaterThanOrEqual(r);
        },
      ),
      RUNS,
    );
  });

  it('falls back to service time per slot before two departures are seen [CORE-043]', () => {
    const input = { queued: 4, capacity: 4, service_ms: 3_000, slots_total: 2, now_ms: 10 };
    expect(retryAfterMs({ ...input, drain: NO_DRAIN_OBSERVED })).toBe(1_500);
    expect(retryAfterMs({ ...input, drain: observeDrain(NO_DRAIN_OBSERVED, 5) })).toBe(1_500);
  });
});
