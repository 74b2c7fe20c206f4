// Throughput figures: the relay rate of one fast stream (native or chat), the
// aggregate rate of many streams, and the admission rate. Each stops at its time
// bound; a short run says how many samples it took.
import type { DaemonClient } from './clients.js';
import type { Report } from './report.js';
import { concurrent, type StreamRunner, type StreamTiming } from './stream-timing.js';
import { fmt, median, percentile } from './stats.js';

const rate = (r: StreamTiming): number => ((r.tokens - 1) * 1000) / Math.max(1e-9, r.lastAt - r.firstAt);

export async function relay(
  report: Report,
  api: '' | 'chat ',
  direct: StreamRunner,
  through: StreamRunner,
): Promise<void> {
  const tokens = 20_000;
  const budgetMs = 40_000;
  const started = performance.now();
  const d: number[] = [];
  const t: number[] = [];
  for (let i = 0; i < 3 && (i === 0 || performance.now() - started < budgetMs); i++) {
    d.push(rate(await direct(tokens)));
    t.push(rate(await through(tokens)));
  }
  report.row(`${api}relay rate direct (1 stream, engine at 10k tok/s)`, `${fmt(median(d), 0)} tok/s`);
  report.row(`${api}relay rate orchestratord (1 stream, engine at 10k tok/s)`, `${fmt(median(t), 0)} tok/s`);
  const ratio = median(t) / median(d);
  report.row(`${api}relay rate ratio`, `${fmt(ratio, 3)} (median of ${t.length})`, ratio);
}

export async function aggregate(
  report: Report,
  settle: (before: string) => Promise<void>,
  direct: StreamRunner,
  through: StreamRunner,
): Promise<void> {
  const streams = 64;
  const tokens = 2_000;
  const rates: number[] = [];
  for (const [name, runner] of [
    ['direct', direct],
    ['orchestratord', through],
  ] as const) {
    await settle(`aggregate ${name}`);
    const started = performance.now();
    const results = await concurrent(runner, streams, tokens);
    const seconds = (performance.now() - started) / 1000;
    const total = results.reduce((n, r) => n + r.tokens, 0);
    rates.push(total / seconds);
    report.row(
      `aggregate ${name} (64 streams x ${tokens} tokens, 1k tok/s each)`,
      `${fmt(total / seconds, 0)} tok/s`,
    );
  }
  const ratio = (rates[1] ?? NaN) / (rates[0] ?? NaN);
  report.row('aggregate ratio (64 streams, orchestratord / direct)', fmt(ratio, 3), ratio);
}

export async function admissions(report: Report, client: DaemonClient): Promise<void> {
  const total = 20_000;
  const concurrency = 64;
  const budgetMs = 30_000;
  const latencies: number[] = [];
  let next = 0;
  let refused = 0;
  const warmup = performance.now();
  for (let i = 0; i < 500 && performance.now() - warmup < budgetMs / 3; i++) await client.admit('admit');
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total && performance.now() - started < budgetMs) {
        next += 1;
        const t0 = performance.now();
        const status = await client.admit('admit');
        latencies.push(performance.now() - t0);
        if (status !== 202) refused += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // Only 202s count as admissions; refusals are reported on their own row.
  const perSecond = (latencies.length - refused) / seconds;
  report.row(
    `admissions (POST /v1/tasks, ${concurrency} in flight)`,
    `${fmt(perSecond, 0)} req/s (${latencies.length - refused} admitted)`,
    perSecond,
  );
  const p99 = percentile(latencies, 99);
  report.row('admission latency p50/p99', `${fmt(median(latencies))} / ${fmt(p99)} ms`, p99);
  report.row('admissions refused', String(refused));
}
