// `npm run bench:swap` (issue 13): model residency on this CPU box, the product run
// as users run it (the launcher, default log level) with three on-demand tiny models
// on a memory budget that holds two.
//   1. Cold request: with two models loaded and idle, a request for the third streams
//      its first token after an eviction, a load and prompt processing. Goal < 2 s.
//   2. Mixed workload: 6 closed-loop clients, each cycling through the three models
//      (out of step), 10 requests each. Our scheduler against a plain swap-on-change
//      proxy over the same pool-managerd (swap-proxy.ts): swaps per 100 requests and
//      total time for both. Goal: ours needs at most half the proxy's swaps.
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

/** Runs the mixed workload through `url`; resolves with the wall time in ms. */
async function workload(url: string, token: string | undefined): Promise<number> {
  const chat = chatClient(url, token, CLIENTS);
  const began = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, k) => {
      for (let i = 0; i < PER_CLIENT; i++) await chat.runner(MODELS[(k + i) % MODELS.length]!)(MAX_TOKENS);
    }),
  );
  const elapsed = performance.now() - began;
  await chat.close();
  return elapsed;
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
    let ours: { swaps: number; ms: number };
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
      const before = await loadsOf(product.url);
      const ms = await workload(product.url, TOKEN);
      ours = { swaps: (await loadsOf(product.url)) - before, ms };
    } finally {
      await product.stop();
    }
    const poolManagerd = await startProduct(config(dir), dir, TOKEN, 'pool-managerd');
    let proxy: { swaps: number; ms: number };
    try {
      const server = await startSwapProxy(poolManagerd.url, TOKEN, 2);
      const warm = chatClient(server.url, undefined, 1);
      for (const model of MODELS) await warm.runner(model)(MAX_TOKENS);
      await warm.close();
      const before = server.loads();
      const ms = await workload(server.url, undefined);
      proxy = { swaps: server.loads() - before, ms };
      await server.close();
    } finally {
      await poolManagerd.stop();
    }
    const per100 = (swaps: number) => ((swaps * 100) / total).toFixed(1);
    console.log(`\n| ${total} requests, 6 clients | swaps | swaps per 100 requests | total time |`);
    console.log('|---|---|---|---|');
    console.log(
      `| llama-orch scheduler | ${ours.swaps} | ${per100(ours.swaps)} | ${(ours.ms / 1000).toFixed(1)} s |`,
    );
    console.log(
      `| swap-on-change proxy | ${proxy.swaps} | ${per100(proxy.swaps)} | ${(proxy.ms / 1000).toFixed(1)} s |`,
    );
    const ratio = proxy.swaps === 0 ? Number.POSITIVE_INFINITY : ours.swaps / proxy.swaps;
    const met = ratio <= 0.5;
    console.log(`swap ratio ours/proxy: ${ratio.toFixed(2)} (goal <= 0.5: ${met ? 'met' : 'MISSED'})`);
    if (!met) misses.push(`swap ratio ${ratio.toFixed(2)} > 0.5`);
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
