// ORCHD-090, ORCHD-091, ORCHD-092: the arithmetic behind a client's limits. The token window
// never counts tokens older than 60 s; a refusal's Retry-After is at least a second and never
// grows while time passes without new work (a client that waits as told is not told to wait longer).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TOKEN_WINDOW_MS,
  concurrencyRetryAfterMs,
  createTokenWindow,
  tokenRetryAfterMs,
} from '../src/clients/usage-window.js';

const charges = fc.array(fc.tuple(fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: 0, max: 5_000 })), {
  maxLength: 60,
});

/** Charges in time order, as the ledger receives them from one clock. */
const sorted = (list: [number, number][]) => [...list].sort((a, b) => a[0] - b[0]);

describe('the sliding 60 s token window [ORCHD-091]', () => {
  it('sums exactly the tokens charged within the last 60 s', () => {
    fc.assert(
      fc.property(charges, fc.integer({ min: 0, max: 400_000 }), (list, later) => {
        const window = createTokenWindow();
        const ordered = sorted(list);
        for (const [at, tokens] of ordered) window.charge(at, tokens);
        const last = ordered.at(-1)?.[0] ?? 0;
        const now = last + later;
        const expected = ordered
          .filter(([at]) => at > now - TOKEN_WINDOW_MS)
          .reduce((sum, [, tokens]) => sum + tokens, 0);
        expect(window.sum(now)).toBe(expected);
      }),
      { numRuns: 1_000 },
    );
  });

  it('forgets what aged out, so it holds no more entries than the last minute had', () => {
    const window = createTokenWindow();
    for (let at = 0; at < 600_000; at += 1_000) window.charge(at, 10);
    expect(window.sum(600_000)).toBe(590);
    expect(window.size()).toBeLessThanOrEqual(60);
  });
});

describe('Retry-After for tokens_per_minute [ORCHD-091]', () => {
  it('is at least 1 s, at most 60 s, and once waited the window is under the limit', () => {
    fc.assert(
      fc.property(
        charges,
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        (list, limit, gap) => {
          const window = createTokenWindow();
          const ordered = sorted(list);
          for (const [at, tokens] of ordered) window.charge(at, tokens);
          const now = (ordered.at(-1)?.[0] ?? 0) + gap;
          if (window.sum(now) < limit) return;
          const wait = tokenRetryAfterMs(window, now, limit);
          expect(wait).toBeGreaterThanOrEqual(1_000);
          expect(wait).toBeLessThanOrEqual(TOKEN_WINDOW_MS);
          expect(window.sum(now + wait)).toBeLessThan(limit);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('never grows while time passes without new work', () => {
    fc.assert(
      fc.property(
        charges,
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 0, max: 59_000 }),
        fc.integer({ min: 0, max: 59_000 }),
        (list, limit, a, b) => {
          const window = createTokenWindow();
          const ordered = sorted(list);
          for (const [at, tokens] of ordered) window.charge(at, tokens);
          const start = ordered.at(-1)?.[0] ?? 0;
          const [early, late] = a <= b ? [start + a, start + b] : [start + b, start + a];
          if (window.sum(late) < limit) return;
          expect(tokenRetryAfterMs(window, late, limit)).toBeLessThanOrEqual(
            tokenRetryAfterMs(window, early, limit),
          );
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

describe('Retry-After for max_concurrent, from the client’s own drain [ORCHD-090, ORCHD-092]', () => {
  const drainInput = fc.record({
    interval: fc.option(
      fc.record({
        mean: fc.double({ min: 0, max: 600_000, noNaN: true }),
        samples: fc.integer({ min: 1, max: 100 }),
      }),
      { nil: null },
    ),
    last: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
    service: fc.double({ min: 0, max: 600_000, noNaN: true }),
    maxConcurrent: fc.integer({ min: 1, max: 16 }),
  });

  it('is at least 1 s and never grows while time passes without new work', () => {
    fc.assert(
      fc.property(
        drainInput,
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        (input, a, b) => {
          const at = (now: number) =>
            concurrencyRetryAfterMs({
              drain: { interval: input.interval, last_drain_at_ms: input.last },
              now_ms: (input.last ?? 0) + now,
              service_ms: input.service,
              max_concurrent: input.maxConcurrent,
            });
          const [early, late] = a <= b ? [a, b] : [b, a];
          expect(at(early)).toBeGreaterThanOrEqual(1_000);
          expect(at(late)).toBeLessThanOrEqual(at(early));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('follows the observed gap between the client’s departures, else its service time per slot', () => {
    const observed = { interval: { mean: 8_000, samples: 3 }, last_drain_at_ms: 10_000 };
    expect(
      concurrencyRetryAfterMs({ drain: observed, now_ms: 13_000, service_ms: 1, max_concurrent: 1 }),
    ).toBe(5_000);
    const cold = { interval: null, last_drain_at_ms: null };
    expect(concurrencyRetryAfterMs({ drain: cold, now_ms: 0, service_ms: 12_000, max_concurrent: 4 })).toBe(
      3_000,
    );
  });
});
