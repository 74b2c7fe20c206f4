// TTFT overhead: time to first token through orchestratord minus straight to the
// engine, on the same engine, with the same request count and token budget, as
// percentiles of per-request differences between requests of the same round. Warm-up
// rounds run first, unmeasured, identically on every path; measured rounds then
// interleave the paths. Both loops stop at the plan's time bound.
import type { Report } from './report.js';
import { concurrent, type StreamRunner } from './stream-timing.js';
import { fmt, median, percentile } from './stats.js';

export interface Path {
  /** How the request reaches orchestratord ('' when there is one way). */
  via: string;
  runner: StreamRunner;
}

export interface TtftPlan {
  /** Row-name prefix: '' for the native API, 'chat ' for the OpenAI chat route. */
  api: '' | 'chat ';
  streams: number;
  rounds: number;
  warmupRounds: number;
  budgetMs: number;
  /** The same request through plain proxies (Node's plain-proxy.ts, nginx): what an extra hop costs here. */
  proxies?: readonly { name: string; runner: StreamRunner }[];
}

/**
 * Per-request differences: request i of one path against request i of the other, which ran in
 * the same round (issue 15: percentiles of paired differences, not differences of percentiles).
 */
function paired(through: readonly number[], base: readonly number[]): number[] {
  const n = Math.min(through.length, base.length);
  return Array.from({ length: n }, (_, i) => through[i]! - base[i]!);
}

export async function ttft(
  report: Report,
  direct: StreamRunner,
  paths: readonly Path[],
  plan: TtftPlan,
): Promise<void> {
  const { api, streams } = plan;
  const started = performance.now();
  const d: number[] = [];
  const proxies = (plan.proxies ?? []).map((p) => ({ ...p, ttft: [] as number[] }));
  const through = paths.map((path) => ({ ...path, ttft: [] as number[], streamOnly: [] as number[] }));
  // Unmeasured, identical for every path: a freshly started daemon runs its request path in V8's
  // interpreter for its first few hundred requests; the goal concerns a daemon in steady state.
  for (let round = 0; round < plan.warmupRounds; round++) {
    if (performance.now() - started > plan.budgetMs / 3) break;
    await concurrent(direct, streams, 4);
    for (const proxy of proxies) await concurrent(proxy.runner, streams, 4);
    for (const path of through) await concurrent(path.runner, streams, 4);
  }
  // Interleave so drift on a busy machine hits every path alike.
  let rounds = 0;
  for (; rounds < plan.rounds && performance.now() - started < plan.budgetMs; rounds++) {
    for (const r of await concurrent(direct, streams, 4)) d.push(r.ttftMs);
    for (const proxy of proxies)
      for (const r of await concurrent(proxy.runner, streams, 4)) proxy.ttft.push(r.ttftMs);
    for (const path of through) {
      for (const r of await concurrent(path.runner, streams, 4)) {
        path.ttft.push(r.ttftMs);
        if (r.admitMs !== undefined) path.streamOnly.push(r.ttftMs - r.admitMs);
      }
    }
  }
  const label = `${streams} stream${streams === 1 ? '' : 's'}`;
  const p50p99 = (v: readonly number[]): string => `${fmt(median(v))} / ${fmt(percentile(v, 99))} ms`;
  report.row(`${api}TTFT direct p50/p99 (${label})`, p50p99(d));
  for (const proxy of proxies) {
    report.row(`${api}TTFT ${proxy.name} p50/p99 (${label})`, p50p99(proxy.ttft));
    report.row(
      `${api}TTFT ${proxy.name} overhead p50 (${label})`,
      `${fmt(median(paired(proxy.ttft, d)))} ms over direct`,
    );
  }
  for (const { via, ttft: t, streamOnly } of through) {
    const at = via === '' ? label : `${label}, ${via}`;
    report.row(`${api}TTFT orchestratord p50/p99 (${at})`, p50p99(t));
    const diffs = paired(t, d);
    const overhead = median(diffs);
    report.row(
      `${api}TTFT overhead p50/p99 (${at})`,
      `${fmt(overhead)} / ${fmt(percentile(diffs, 99))} ms`,
      overhead,
    );
    for (const proxy of proxies) {
      report.row(`  of which over ${proxy.name} p50 (${at})`, `${fmt(median(paired(t, proxy.ttft)))} ms`);
    }
    if (streamOnly.length > 0) {
      report.row(
        `  of which after the 202 (stream open -> first token) p50 (${at})`,
        `${fmt(median(streamOnly) - median(d))} ms over direct`,
      );
    }
  }
  if (rounds < plan.rounds) {
    report.row(`${api}TTFT rounds measured (${label})`, `${rounds} of ${plan.rounds} (time bound reached)`);
  }
}
