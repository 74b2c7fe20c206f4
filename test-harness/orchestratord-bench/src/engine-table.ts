// The real-engine table of `npm run bench` (issue 15 item 4): one engine reached
// several ways (straight, through nginx, through orchestratord), each path's TTFT
// and delivered rate, then each comparison as the percentiles of paired samples:
// the TTFT overhead and ratio request by request (same round, same slot), the rate
// ratio round by round. Every row names the engine it ran on. Report only: no goal.
import { ttftsInOrder, type Round } from './rounds.js';
import { fmt, median, pairedDifferences, pairedRatios, percentile } from './stats.js';

export const ENGINE_TABLE_COLUMNS = [
  'engine',
  'streams',
  'path',
  'TTFT p50 / p99 (ms)',
  'tok/s (round median)',
  'compared with',
  'TTFT overhead p50 / p99 (ms, paired)',
  'TTFT ratio p50 (paired)',
  'tok/s ratio p50 (paired rounds)',
] as const;

export interface MeasuredPath {
  name: string;
  rounds: readonly Round[];
}

/**
 * What a client saw delivered in each round: the tokens of all its streams over the time from
 * sending the requests to the last token (so queueing on a one-slot engine counts).
 */
export function roundRates(rounds: readonly Round[]): number[] {
  return rounds.map((r) => {
    const tokens = r.results.reduce((n, x) => n + x.tokens, 0);
    const end = Math.max(...r.results.map((x) => x.lastAt));
    return (tokens * 1000) / Math.max(1e-9, end - r.startedAt);
  });
}

/** Rows for one stream count: each path's own figures, then each `[path, baseline]` comparison. */
export function comparisonRows(
  engine: string,
  streams: number,
  paths: readonly MeasuredPath[],
  comparisons: readonly (readonly [string, string])[],
): string[][] {
  const byName = new Map(paths.map((p) => [p.name, p]));
  const find = (name: string): MeasuredPath => {
    const path = byName.get(name);
    if (path === undefined) throw new Error(`no measured path named ${name}`);
    return path;
  };
  const head = (name: string): string[] => [engine, String(streams), name];
  const own = paths.map((p) => {
    const ttfts = ttftsInOrder(p.rounds);
    return [
      ...head(p.name),
      `${fmt(median(ttfts))} / ${fmt(percentile(ttfts, 99))}`,
      fmt(median(roundRates(p.rounds)), 0),
      '',
      '',
      '',
      '',
    ];
  });
  const compared = comparisons.map(([name, baseName]) => {
    const through = find(name);
    const base = find(baseName);
    const diffs = pairedDifferences(ttftsInOrder(through.rounds), ttftsInOrder(base.rounds));
    const ratios = pairedRatios(ttftsInOrder(through.rounds), ttftsInOrder(base.rounds));
    const rates = pairedRatios(roundRates(through.rounds), roundRates(base.rounds));
    return [
      ...head(name),
      '',
      '',
      baseName,
      `${fmt(median(diffs))} / ${fmt(percentile(diffs, 99))}`,
      fmt(median(ratios), 3),
      fmt(median(rates), 3),
    ];
  });
  return [...own, ...compared];
}
