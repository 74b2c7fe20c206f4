// `npm run bench:fairness` (issue 17): does a light agent still get the engine
// while a heavy one floods it with batch work? The product as users run it (the
// launcher, default log level) with two clients on one paced simulator slot, so
// every task holds the engine for the same service time. Heavy keeps a deep
// backlog of batch tasks; light sends one batch task a second. Reported: light's
// p50/p95 queue wait (queue_ms, admission to dispatch, from the product's own
// `task ended` lines) with fair_share on and off, the service time, the ratio.
// Goal: with fair share on, light's p95 stays within 2 service times; exits 1
// when it does not.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markdownTable } from '../report.js';
import { fmt } from '../stats.js';
import { startPacedEngine } from '../processes.js';
import { runFairness, type FairnessPlan } from './fairness-run.js';
import type { FairnessFigures } from './log-figures.js';

const RATE = 1_000;
const MAX_TOKENS = 100;
const PLAN = { heavyDepth: 24, lightTasks: 25, lightEveryMs: 1_000, maxTokens: MAX_TOKENS };
const GOAL_SERVICE_TIMES = 2;

async function main(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'llorch-fairness-bench-'));
  const engine = await startPacedEngine(RATE, 1);
  const figures = new Map<boolean, FairnessFigures>();
  try {
    console.log(
      `bench:fairness: engine ${engine.label}, ${MAX_TOKENS} tokens a task; heavy keeps ${PLAN.heavyDepth} batch tasks in flight, light sends one batch task every ${PLAN.lightEveryMs} ms (${PLAN.lightTasks} in all); node ${process.version}`,
    );
    for (const fairShare of [true, false]) {
      const plan: FairnessPlan = { ...PLAN, engine: engine.endpoint, fairShare };
      const measured = await runFairness(dir, plan);
      figures.set(fairShare, measured);
      console.log(
        `  fair_share ${fairShare}: light p95 queue wait ${fmt(measured.lightP95Ms, 0)} ms over ${measured.lightTasks} tasks, service ${fmt(measured.serviceMs, 1)} ms`,
      );
    }
  } finally {
    await engine.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const on = figures.get(true)!;
  const off = figures.get(false)!;
  const inService = (f: FairnessFigures) => f.lightP95Ms / f.serviceMs;
  const row = (name: string, f: FairnessFigures) => [
    name,
    String(f.lightTasks),
    fmt(f.lightP50Ms, 0),
    fmt(f.lightP95Ms, 0),
    fmt(f.serviceMs, 1),
    fmt(inService(f), 2),
    fmt(f.heavyBacklog, 1),
    String(f.served),
  ];
  const met = inService(on) <= GOAL_SERVICE_TIMES;
  console.log(
    [
      '',
      `summary (engine: ${engine.label}; queue wait = queue_ms of the light client's task ended lines)`,
      ...markdownTable(
        [
          'fair_share',
          'light tasks',
          'light p50 wait ms',
          'light p95 wait ms',
          'service ms',
          'p95 / service',
          'heavy backlog',
          'tasks served',
        ],
        [row('true', on), row('false', off)],
      ),
      '',
      `ratio light p95 fair_share false / true: ${fmt(off.lightP95Ms / on.lightP95Ms, 1)}x`,
      `goal: light p95 with fair_share true <= ${GOAL_SERVICE_TIMES} service times (${fmt(GOAL_SERVICE_TIMES * on.serviceMs, 0)} ms): ${fmt(inService(on), 2)} service times, ${met ? 'met' : 'MISSED'}`,
    ].join('\n'),
  );
  return met ? 0 : 1;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error);
  return 2;
});
