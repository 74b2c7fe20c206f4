// The real-engine table (issue 15 item 4): per path its TTFT and round rate, and per
// comparison the paired TTFT overhead, TTFT ratio and tok/s ratio, each row naming
// the engine it ran on.
import { describe, expect, it } from 'vitest';
import { ENGINE_TABLE_COLUMNS, comparisonRows, roundRates, type MeasuredPath } from '../src/engine-table.js';
import type { Round } from '../src/rounds.js';

/** A round whose requests started at 0 and saw their first token at `ttfts[i]`, 8 tokens each. */
function round(ttfts: readonly number[], lastAt: readonly number[]): Round {
  return {
    startedAt: 0,
    results: ttfts.map((ttftMs, i) => ({ ttftMs, firstAt: ttftMs, lastAt: lastAt[i]!, tokens: 8 })),
  };
}

const direct: MeasuredPath = { name: 'direct', rounds: [round([1, 10], [4, 16]), round([5, 5], [8, 8])] };
const ours: MeasuredPath = {
  name: 'orchestratord',
  rounds: [round([2, 11], [8, 20]), round([50, 6], [60, 10])],
};
const nginx: MeasuredPath = { name: 'nginx', rounds: [round([1, 10], [4, 16]), round([6, 5], [10, 8])] };

describe('the real-engine table', () => {
  it('a round rate is the tokens of every stream over the time to the last token', () => {
    expect(roundRates(direct.rounds)).toEqual([1000, 2000]); // 16 tokens in 16 ms, then in 8 ms
  });

  it('one row per path, then one per comparison, every row naming the engine and stream count', () => {
    const rows = comparisonRows(
      'llama-server X',
      2,
      [direct, nginx, ours],
      [
        ['nginx', 'direct'],
        ['orchestratord', 'direct'],
        ['orchestratord', 'nginx'],
      ],
    );
    const compared = ENGINE_TABLE_COLUMNS.indexOf('compared with');
    expect(rows.map((r) => [...r.slice(0, 3), r[compared]])).toEqual([
      ['llama-server X', '2', 'direct', ''],
      ['llama-server X', '2', 'nginx', ''],
      ['llama-server X', '2', 'orchestratord', ''],
      ['llama-server X', '2', 'nginx', 'direct'],
      ['llama-server X', '2', 'orchestratord', 'direct'],
      ['llama-server X', '2', 'orchestratord', 'nginx'],
    ]);
    expect(rows.every((r) => r.length === ENGINE_TABLE_COLUMNS.length)).toBe(true);
  });

  it('summarises paired per-request differences, not differences of percentiles', () => {
    const rows = comparisonRows('e', 2, [direct, ours], [['orchestratord', 'direct']]);
    expect(rows).toHaveLength(3);
    const compared = rows[2]!;
    const col = (name: (typeof ENGINE_TABLE_COLUMNS)[number]) => compared[ENGINE_TABLE_COLUMNS.indexOf(name)];
    // TTFTs in round and slot order: direct 1, 10, 5, 5; ours 2, 11, 50, 6. Differences 1, 1, 45, 1
    // give p50 1 ms and p99 45 ms, where the difference of the p50s would say 6 ms.
    expect(col('TTFT overhead p50 / p99 (ms, paired)')).toBe('1.00 / 45.00');
    // Ratios 2, 1.1, 10, 1.2: the nearest-rank p50 is 1.2.
    expect(col('TTFT ratio p50 (paired)')).toBe('1.200');
    // Round rates: ours 800 and 266.7 tok/s against direct 1000 and 2000, ratios 0.8 and 0.133.
    expect(col('tok/s ratio p50 (paired rounds)')).toBe('0.133');
    expect(col('TTFT p50 / p99 (ms)')).toBe('');
  });

  it('a path row carries its own TTFT p50/p99 and median round rate, and no comparison', () => {
    const [directRow] = comparisonRows('e', 2, [direct], []);
    expect(directRow).toEqual(['e', '2', 'direct', '5.00 / 10.00', '1000', '', '', '', '']);
  });

  it('refuses a comparison that names a path it was not given', () => {
    expect(() => comparisonRows('e', 1, [direct], [['nginx', 'direct']])).toThrow(/nginx/);
  });
});
