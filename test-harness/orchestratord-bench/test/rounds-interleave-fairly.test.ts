// The shared round loop (issue 15 item 4): every path runs in every round, the path
// that opens a round rotates (so no path always follows another's leftovers on the
// engine), and results come back per path in round order for pairing.
import { describe, expect, it } from 'vitest';
import { interleavedRounds } from '../src/rounds.js';
import type { StreamRunner } from '../src/stream-timing.js';

/** A runner that records when it ran and answers at once. */
function recorder(name: string, calls: string[]): StreamRunner {
  return async (maxTokens) => {
    calls.push(name);
    const now = performance.now();
    return { ttftMs: calls.length, firstAt: now, lastAt: now, tokens: maxTokens };
  };
}

describe('interleaved rounds', () => {
  it('rotates which path opens each round, and returns each path its own rounds', async () => {
    const calls: string[] = [];
    const runners = ['a', 'b', 'c'].map((n) => recorder(n, calls));
    const rounds = await interleavedRounds(runners, {
      streams: 1,
      rounds: 3,
      warmupRounds: 0,
      budgetMs: 60_000,
      maxTokens: 2,
    });
    expect(calls).toEqual(['a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b']);
    // Path a ran 1st, 6th and 8th: its rounds hold those requests, in round order.
    expect(rounds[0]!.map((r) => r.results.map((x) => x.ttftMs))).toEqual([[1], [6], [8]]);
    expect(rounds.every((r) => r.length === 3)).toBe(true);
  });

  it('runs `streams` requests per path per round, in slot order', async () => {
    const calls: string[] = [];
    const rounds = await interleavedRounds([recorder('a', calls)], {
      streams: 4,
      rounds: 2,
      warmupRounds: 1,
      budgetMs: 60_000,
      maxTokens: 1,
    });
    expect(calls).toHaveLength(12);
    expect(rounds[0]!.map((r) => r.results.map((x) => x.ttftMs))).toEqual([
      [5, 6, 7, 8],
      [9, 10, 11, 12],
    ]);
  });
});
