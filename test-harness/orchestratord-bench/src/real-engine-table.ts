// The bench's second table (issue 15 item 4): the real llama-server `npm start`
// runs (default-llama-server.ts), reached straight, through nginx (the plain-proxy
// floor) and through orchestratord (its own daemon process, started as the first
// table's, at the default log level, one pool on this engine; one round trip), at
// 1 and 8 concurrent streams with a small fixed token budget and seed. Rows and
// paired ratios come from engine-table.ts. Report only: no goal rides on it.
import { directRunner, daemonClient } from './clients.js';
import { ENGINE_TABLE_COLUMNS, comparisonRows } from './engine-table.js';
import { startDefaultLlamaServer } from './default-llama-server.js';
import { startNginxProxy } from './nginx-proxy.js';
import { startDaemon } from './processes.js';
import type { Report } from './report.js';
import { interleavedRounds, type RoundPlan } from './rounds.js';
import type { StreamRunner } from './stream-timing.js';

/**
 * Bounded so a full bench stays within minutes; the tiny model decodes fast on one core. The
 * daemon is fresh here, so the first plan warms it up for a few hundred requests first.
 */
export const REAL_ENGINE_PLANS: readonly RoundPlan[] = [
  { streams: 1, rounds: 200, warmupRounds: 200, budgetMs: 45_000, maxTokens: 8 },
  { streams: 8, rounds: 100, warmupRounds: 10, budgetMs: 45_000, maxTokens: 8 },
];

export async function realEngineTable(
  report: Report,
  token: string,
  plans: readonly RoundPlan[] = REAL_ENGINE_PLANS,
): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  try {
    const engine = await startDefaultLlamaServer((line) => console.log(`  ${line}`));
    stops.push(engine.stop);
    report.useEngine(engine.label);
    const nginx = await startNginxProxy(engine.endpoint, { keepAlive: false });
    if ('missing' in nginx) report.row('real engine through nginx', `not measured: ${nginx.missing}`);
    else stops.push(nginx.stop);
    const pool = { id: engine.poolId, endpoint: engine.endpoint, capacity: engine.queueCapacity };
    const daemon = await startDaemon([{ ...pool, ctx: engine.ctx }], token);
    stops.push(daemon.stop);
    const client = daemonClient(daemon.url, token, 16, engine.ctx);
    stops.push(() => client.close());
    await client.waitReady(60_000);
    const paths: { name: string; runner: StreamRunner }[] = [
      { name: 'direct', runner: directRunner(engine.endpoint) },
      ...('missing' in nginx ? [] : [{ name: 'nginx', runner: directRunner(nginx.endpoint) }]),
      { name: 'orchestratord', runner: client.oneTripRunner(engine.poolId) },
    ];
    const names = new Set(paths.map((p) => p.name));
    const comparisons = (
      [
        ['nginx', 'direct'],
        ['orchestratord', 'direct'],
        ['orchestratord', 'nginx'],
      ] as const
    ).filter(([through, base]) => names.has(through) && names.has(base));
    const rows: string[][] = [];
    for (const plan of plans) {
      const started = performance.now();
      const measured = await interleavedRounds(
        paths.map((p) => p.runner),
        plan,
      );
      const rounds = measured[0]?.length ?? 0;
      const label = `${plan.streams} stream${plan.streams === 1 ? '' : 's'}`;
      if (rounds < plan.rounds)
        report.row(
          `real engine rounds measured (${label})`,
          `${rounds} of ${plan.rounds} (time bound reached)`,
        );
      const measuredPaths = paths.map((p, i) => ({ name: p.name, rounds: measured[i] ?? [] }));
      rows.push(...comparisonRows(engine.label, plan.streams, measuredPaths, comparisons));
      console.log(`  [real engine, ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s]`);
    }
    const tokens = [...new Set(plans.map((p) => p.maxTokens))].join('/');
    report.table({
      title:
        `real engine (the llama-server \`npm start\` runs): direct, nginx, orchestratord (one round trip); ` +
        `${tokens} tokens a request, seed 1; overheads and ratios are p50s of paired samples`,
      columns: ENGINE_TABLE_COLUMNS,
      rows,
    });
  } finally {
    report.useEngine('');
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}
