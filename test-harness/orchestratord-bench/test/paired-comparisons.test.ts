// Issue 15 item 4: overheads and ratios are taken request by request (same round,
// same slot) and only then summarised, never as differences of percentiles.
import { describe, expect, it } from 'vitest';
import { median, pairedDifferences, pairedRatios, percentile } from '../src/stats.js';

describe('paired comparisons', () => {
  it('differences pair request i with request i, so one slow outlier stays one outlier', () => {
    const direct = [1, 10, 5];
    const through = [2, 11, 50];
    const diffs = pairedDifferences(through, direct);
    expect(diffs).toEqual([1, 1, 45]);
    expect(median(diffs)).toBe(1);
    // The difference of medians would have said 6 ms.
    expect(median(through) - median(direct)).toBe(6);
  });

  it('ratios divide request i by request i', () => {
    expect(pairedRatios([2, 9, 4], [1, 3, 4])).toEqual([2, 3, 1]);
  });

  it('pairs only as many samples as the shorter side has (a round cut short by the time bound)', () => {
    expect(pairedDifferences([5, 6, 7], [1, 1])).toEqual([4, 5]);
    expect(pairedRatios([4], [2, 8])).toEqual([2]);
  });

  it('an empty pairing summarises to NaN, never to a number', () => {
    expect(percentile(pairedDifferences([], [1]), 50)).toBeNaN();
  });
});
