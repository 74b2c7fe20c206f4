// bench:fairness (issue 17): one run of the product with two clients on one
// paced engine slot. The heavy client keeps HEAVY_DEPTH batch tasks in flight
// (each ended task is replaced at once, so its backlog stays deep); the light
// client sends one batch task a second. The figures come from the product's
// own log lines (log-figures.ts).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { daemonClient } from '../clients.js';
import { startProduct } from '../swap/product.js';
import { fairnessFigures, parseTaskLines, type FairnessFigures } from './log-figures.js';

export interface FairnessPlan {
  /** The paced engine's URL (one slot). */
  engine: string;
  fairShare: boolean;
  heavyDepth: number;
  lightTasks: number;
  lightEveryMs: number;
  maxTokens: number;
}

const MODEL = 'paced';

const config = (dir: string, plan: FairnessPlan) => ({
  server: { bind: '127.0.0.1', port: 0, state_dir: join(dir, `state-${plan.fairShare ? 'fair' : 'fifo'}`) },
  pool_manager: { bind: '127.0.0.1', port: 0 },
  fair_share: plan.fairShare,
  clients: [
    { name: 'heavy', token_env: 'LLORCH_TOKEN_HEAVY' },
    { name: 'light', token_env: 'LLORCH_TOKEN_LIGHT' },
  ],
  pools: [
    {
      id: MODEL,
      engine: 'llamacpp',
      model: { ref: MODEL },
      devices: 'cpu',
      allow_cpu_fallback: true,
      ctx: 65536,
      endpoints: [plan.engine],
      queue: { capacity: 4 * plan.heavyDepth, full_policy: 'reject' },
    },
  ],
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runFairness(dir: string, plan: FairnessPlan): Promise<FairnessFigures> {
  const token = (who: string) => `${who}-${randomBytes(18).toString('base64url')}`;
  const tokens = { owner: token('owner'), heavy: token('heavy'), light: token('light') };
  const logged: string[] = [];
  const product = await startProduct(config(dir, plan), dir, tokens.owner, {
    onLogLine: (line) => logged.push(line),
    env: { LLORCH_TOKEN_HEAVY: tokens.heavy, LLORCH_TOKEN_LIGHT: tokens.light },
  });
  const owner = daemonClient(product.url, tokens.owner, 1);
  const heavy = daemonClient(product.url, tokens.heavy, plan.heavyDepth, 65536, 'batch');
  const light = daemonClient(product.url, tokens.light, plan.lightTasks, 65536, 'batch');
  let stop = false;
  let failure: unknown;
  let heavyLoops: Promise<void>[] = [];
  try {
    await owner.waitReady(30_000);
    heavyLoops = Array.from({ length: plan.heavyDepth }, async () => {
      try {
        while (!stop) await heavy.oneTripRunner(MODEL)(plan.maxTokens);
      } catch (error) {
        // The first failure ends the run (after cleanup) instead of crashing the process.
        failure ??= error;
        stop = true;
      }
    });
    // Let the backlog build before the light client's first task.
    await sleep(plan.lightEveryMs);
    const lightTasks: Promise<unknown>[] = [];
    for (let i = 0; i < plan.lightTasks && !stop; i++) {
      lightTasks.push(light.oneTripRunner(MODEL)(plan.maxTokens));
      await sleep(plan.lightEveryMs);
    }
    await Promise.all(lightTasks);
    if (failure !== undefined) throw failure;
    // The last end lines may still be on their way through the pipe.
    await sleep(300);
  } finally {
    stop = true;
    await Promise.all(heavyLoops);
    await Promise.all([owner.close(), heavy.close(), light.close()]);
    await product.stop();
  }
  return fairnessFigures(parseTaskLines(logged), 'light', 'heavy');
}
