// TTFT overhead: time to first token through orchestratord minus straight to the
// engine, on the same engine, with the same request count and token budget, as
// percentiles of per-request differences between requests of the same round and
// slot. The shared round loop (rounds.ts) warms every path up alike, then
// interleaves them until the plan's time bound.
import type { Report } from './report.js';
import { interleavedRounds, ttftsInOrder } from './rounds.js';
import type { StreamRunner } from './stream-timing.js';
import { fmt, median, pairedDifferences, percentile } from './stats.js';

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
  /** The same request through plain proxies (plain-proxy.ts, fastify-proxy.ts, nginx): what an extra hop costs here. */
  proxies?: readonly { name: string; runner: StreamRunner }[];
}

export async function ttft(
  report: Report,
  direct: StreamRunner,
  paths: readonly Path[],
  plan: TtftPlan,
): Promise<void> {
  const { api, streams } = plan;
  const proxies = plan.proxies ?? [];
  const [directRounds = [], ...others] = await interleavedRounds(
    [direct, ...proxies.map((p) => p.runner), ...paths.map((p) => p.runner)],
    { ...plan, maxTokens: 4 },
  );
  const rounds = directRounds.length;
  const d = ttftsInOrder(directRounds);
  const proxied = proxies.map((p, i) => ({ ...p, ttft: ttftsInOrder(others[i] ?? []) }));
  const through = paths.map((path, i) => {
    const measured = (others[proxies.length + i] ?? []).flatMap((r) => r.results);
    return {
      ...path,
      ttft: measured.map((r) => r.ttftMs),
      streamOnly: measured.flatMap((r) => (r.admitMs === undefined ? [] : [r.ttftMs - r.admitMs])),
    };
  });
  const label = `${streams} stream${streams === 1 ? '' : 's'}`;
  const p50p99 = (v: readonly number[]): string => `${fmt(median(v))} / ${fmt(percentile(v, 99))} ms`;
  report.row(`${api}TTFT direct p50/p99 (${label})`, p50p99(d));
  for (const proxy of proxied) {
    report.row(`${api}TTFT ${proxy.name} p50/p99 (${label})`, p50p99(proxy.ttft));
    report.row(
      `${api}TTFT ${proxy.name} overhead p50 (${label})`,
      `${fmt(median(pairedDifferences(proxy.ttft, d)))} ms over direct`,
    );
  }
  for (const { via, ttft: t, streamOnly } of through) {
    const at = via === '' ? label : `${label}, ${via}`;
    report.row(`${api}TTFT orchestratord p50/p99 (${at})`, p50p99(t));
    const diffs = pairedDifferences(t, d);
    const overhead = median(diffs);
    report.row(
      `${api}TTFT overhead p50/p99 (${at})`,
      `${fmt(overhead)} / ${fmt(percentile(diffs, 99))} ms`,
      overhead,
    );
    for (const proxy of proxied) {
      report.row(
        `  of which over ${proxy.name} p50 (${at})`,
        `${fmt(median(pairedDifferences(t, proxy.ttft)))} ms`,
      );
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
