// Small, dependency-free statistics for the benchmark report, and the pairing
// every comparison between two paths goes through (issue 15 item 4).

/** Nearest-rank percentile of an unsorted sample (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export const fmt = (value: number, digits = 2): string =>
  Number.isFinite(value) ? value.toFixed(digits) : 'n/a';

/**
 * Per-request differences, `through[i] - base[i]`: sample i of each side ran in the same round and
 * slot (issue 15: overheads are percentiles of paired differences, not differences of percentiles).
 * A side cut short by a time bound pairs only as far as the shorter one goes.
 */
export function pairedDifferences(through: readonly number[], base: readonly number[]): number[] {
  const n = Math.min(through.length, base.length);
  return Array.from({ length: n }, (_, i) => through[i]! - base[i]!);
}

/** Per-sample ratios, `through[i] / base[i]`, paired as in pairedDifferences. */
export function pairedRatios(through: readonly number[], base: readonly number[]): number[] {
  const n = Math.min(through.length, base.length);
  return Array.from({ length: n }, (_, i) => through[i]! / base[i]!);
}
