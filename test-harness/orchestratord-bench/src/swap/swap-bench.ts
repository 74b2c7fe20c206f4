// `npm run bench:swap` (issue 13): model residency on this CPU box, the product run
// as users run it (the launcher, default log level) with three on-demand tiny models
// on a memory budget that holds two.
//   1. Cold request: with two models loaded and idle, a request for the third streams
//      its first token after an eviction, a load and prompt processing. Goal < 2 s.
//   2. Mixed workloads, our scheduler against two plain proxies over the same
//      pool-managerd (swap-proxy.ts): swap on every model change in arrival order (issue
//      13's baseline), and one that lets requests for loaded models pass a waiting swap.
//      Swaps per 100 requests and total time for each:
//      a. 6 closed-loop clients, each cycling through the three models out of step,
//         10 requests each. Goal: ours needs at most half the swap-on-change proxy's.
//      b. 60 requests at once, alternating the three models. Reported.
// Exits non-zero when a goal is missed.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chatClient } from '../chat-client.js';
import { startProduct } from './product.js';
import { startSwapProxy } from './swap-proxy.js';

const TOKEN = `bench-${randomUUID()}`;
const MODELS = ['swap-a', 'swap-b', 'swap-c'];
const CLIENTS = 6;
const PER_CLIENT = 10;
const MAX_WAIT_MS = 2_000;
/** Past the scheduler's linger (residency-manager.ts LINGER_MS), so the cold request measures a swap, not a wait. */
const IDLE_BEFORE_COLD_MS = 1_500;
const COLD_GOAL_MS = 2_000;
const MAX_TOKENS = 16;

const config = (dir: string) => ({
  server: { bind: '127.0.0.1', port: 0, state_dir: join(dir, 'state') },
  pool_manager: { bind: '127.0.0.1', port: 0 },
  // A tiny model's footprint is about 516 MiB (the estimate's 512 MiB overhead dominates): two fit.
  residency: { cpu_memory_mib: 1_100, max_wait_ms: MAX_WAIT_MS },
  models: MODELS.map((id, i) => ({
    id,
    source: { generate: { kind: 'bigram', seed: 21 + i } },
    devices: 'cpu',
    allow_cpu_fallback: true,
    ctx: 4096,
    launch: { threads: 1, parallel: 1 },
  })),
});

interface Workload {
  name: string;
  /** Whether the swap-ratio goal applies. */
  goal: boolean;
  /** Sends the workload's requests through `url`; resolves with the wall time in ms. */
  run(url: string, token: string | undefined): Promise<number>;
}

const timed = async (
  connections: number,
  url: string,
  token: string | undefined,
  send: (runner: (model: string) => Promise<unknown>) => Promise<unknown>,
) => {
  const chat = chatClient(url, token, connections);
  const began = performance.now();
  await send((model) => chat.runner(model)(MAX_TOKENS));
  const elapsed = performance.now() - began;
  await chat.close();
  return elapsed;
};

const WORKLOADS: readonly Workload[] = [
  {
    name: `${CLIENTS * PER_CLIENT} requests at once, alternating the 3 models`,
    goal: false,
    run: (url, token) =>
      timed(CLIENTS * PER_CLIENT, url, token, (send) =>
        Promise.all(Array.from({ length: CLIENTS * PER_CLIENT }, (_, i) => send(MODELS[i % MODELS.length]!))),
      ),
  },
  {
    name: `${CLIENTS} closed-loop clients cycling the 3 models, ${PER_CLIENT} requests each`,
    goal: true,
    run: (url, token) =>
      timed(CLIENTS, url, token, (send) =>
        Promise.all(
          Array.from({ length: CLIENTS }, async (_, k) => {
            for (let i = 0; i < PER_CLIENT; i++) await send(MODELS[(k + i) % MODELS.length]!);
          }),
        ),
      ),
  },
];

/** The baselines: issue 13's swap-on-change proxy (judged), and a smarter one (reported). */
const PROXIES = [
  { name: 'proxy swapping on every model change', bypass: false, goal: true },
  { name: 'proxy letting loaded models pass a swap', bypass: true, goal: false },
] as const;

interface Figures {
  swaps: number;
  ms: number;
}

async function loadsOf(url: string): Promise<number> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const text = await res.text();
  let sum = 0;
  for (const m of text.matchAll(/^model_loads_total\{[^}]*outcome="loaded"[^}]*\} (\d+)/gm))
    sum += Number(m[1]);
  return sum;
}

async function main(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'llorch-swap-bench-'));
  const misses: string[] = [];
  const total = CLIENTS * PER_CLIENT;
  try {
    console.log(
      `bench:swap: 3 on-demand tiny models, room for 2, max_wait_ms ${MAX_WAIT_MS}; node ${process.version}`,
    );
    const product = await startProduct(config(dir), dir, TOKEN);
    const ours: Figures[] = [];
    try {
      const chat = chatClient(product.url, TOKEN, 2);
      for (const model of MODELS.slice(0, 2)) await chat.runner(model)(MAX_TOKENS);
      await new Promise((r) => setTimeout(r, IDLE_BEFORE_COLD_MS));
      const cold = await chat.runner(MODELS[2]!)(MAX_TOKENS);
      await chat.close();
      const verdict = cold.ttftMs < COLD_GOAL_MS ? 'met' : 'MISSED';
      console.log(
        `  cold request (evict + load + first token): ${cold.ttftMs.toFixed(0)} ms (goal < ${COLD_GOAL_MS} ms: ${verdict})`,
      );
      if (verdict === 'MISSED') misses.push(`cold request took ${cold.ttftMs.toFixed(0)} ms`);
      for (const workload of WORKLOADS) {
        const before = await loadsOf(product.url);
        const ms = await workload.run(product.url, TOKEN);
        ours.push({ swaps: (await loadsOf(product.url)) - before, ms });
      }
    } finally {
      await product.stop();
    }
    const poolManagerd = await startProduct(config(dir), dir, TOKEN, { only: 'pool-managerd' });
    const proxies = PROXIES.map((p) => ({ ...p, figures: [] as Figures[] }));
    try {
      for (const proxy of proxies) {
        const server = await startSwapProxy(poolManagerd.url, TOKEN, 2, proxy.bypass);
        const warm = chatClient(server.url, undefined, 1);
        for (const model of MODELS) await warm.runner(model)(MAX_TOKENS);
        await warm.close();
        for (const workload of WORKLOADS) {
          const before = server.loads();
          const ms = await workload.run(server.url, undefined);
          proxy.figures.push({ swaps: server.loads() - before, ms });
        }
        await server.close();
      }
    } finally {
      await poolManagerd.stop();
    }
    const per100 = (swaps: number) => ((swaps * 100) / total).toFixed(1);
    const row = (who: string, f: Figures) =>
      `| ${who} | ${f.swaps} | ${per100(f.swaps)} | ${(f.ms / 1000).toFixed(1)} s |`;
    WORKLOADS.forEach((workload, w) => {
      console.log(`\n| ${workload.name} | swaps | swaps per 100 requests | total time |`);
      console.log('|---|---|---|---|');
      console.log(row('llama-orch scheduler', ours[w]!));
      for (const proxy of proxies) console.log(row(proxy.name, proxy.figures[w]!));
      for (const proxy of proxies) {
        const theirs = proxy.figures[w]!.swaps;
        const ratio = theirs === 0 ? Number.POSITIVE_INFINITY : ours[w]!.swaps / theirs;
        const judged = workload.goal && proxy.goal;
        const met = ratio <= 0.5;
        console.log(
          `swap ratio ours / ${proxy.name}: ${ratio.toFixed(2)}${judged ? ` (goal <= 0.5: ${met ? 'met' : 'MISSED'})` : ''}`,
        );
        if (judged && !met) misses.push(`swap ratio ${ratio.toFixed(2)} > 0.5 (${workload.name})`);
      }
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (misses.length > 0) console.log(`\ngoals missed (${misses.length}):\n  ${misses.join('\n  ')}`);
  return misses.length === 0 ? 0 : 1;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error);
  return 2;
});
