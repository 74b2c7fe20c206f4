// `npm run bench:memory` (MET-035, ORCHD-017, issue 15's goal): heap bytes each finished
// 16-token task costs while its transcript is retained for replay. Tasks run through the
// real data plane (buildApp, POST /v1/tasks streamed in its own response, the mock
// engine adapter), each with a 4 KiB prompt, so a retained request would show. Full GCs
// before and after; the figure is heap plus array buffers grown per retained task.
// Exits non-zero above the goal. A benchmark, not a timed test.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '@llama-orch/contracts';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { buildApp, createLogger, type OrchestratordApp } from '../src/index.js';

const WARMUP_TASKS = 500;
const TASKS = 5_000;
const TOKENS = 16;
const IN_FLIGHT = 32;
const GOAL_BYTES = 2048;
const TOKEN = 'bench-memory-token';
const PROMPT = 'Summarise the following notes. '.repeat(140).slice(0, 4096);

// Heap figures need explicit full GCs, so re-run this file under --expose-gc.
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', self], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const stateDir = mkdtempSync(join(tmpdir(), 'llorch-bench-memory-'));
const config = parseConfig({
  server: { bind: '127.0.0.1', port: 0, state_dir: stateDir },
  pool_manager: { port: 0 },
  // One agent's session for every task: sessions are counted on their own, not per task.
  sessions: { max_turns: WARMUP_TASKS + TASKS + 1 },
  pools: [
    {
      id: 'mock',
      engine: 'llamacpp',
      model: { ref: 'mock' },
      devices: 'cpu',
      allow_cpu_fallback: true,
      ctx: 4096,
      replicas: 1,
      queue: { capacity: IN_FLIGHT * 2, full_policy: 'reject' },
    },
  ],
});
const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
const built: OrchestratordApp = await buildApp({
  config,
  replicas: [{ pool_id: 'mock', replica_id: 'mock-0', adapter: createMockAdapter({ slotsTotal: 4 }) }],
  token: TOKEN,
  logger: createLogger({ level: config.observability.log_level, destination: discard, secrets: [TOKEN] }),
  // Every task of the run stays retained however slow the machine: the default count (10,000)
  // already holds them all, and the time is raised from 60 s so none expires mid-run.
  tuning: { retentionMs: 30 * 60_000 },
});
await built.app.ready();
while (!built.dataPlane.readiness().ready) await new Promise((resolve) => setTimeout(resolve, 20));

const sessionId = randomUUID();
const auth = { authorization: `Bearer ${TOKEN}` };

/** One task from submission to its terminal frame, read as the client reads it; returns the SSE text. */
async function runTask(): Promise<string> {
  const response = await built.app.inject({
    method: 'POST',
    url: '/v1/tasks',
    headers: { ...auth, 'content-type': 'application/json', accept: 'text/event-stream' },
    payload: JSON.stringify({
      task_id: randomUUID(),
      session_id: sessionId,
      workload: 'completion',
      model_ref: 'mock',
      engine: 'llamacpp',
      ctx: 4096,
      priority: 'interactive',
      seed: 7,
      prompt: PROMPT,
      max_tokens: TOKENS,
      deadline_ms: 60_000,
    }),
  });
  const tokens = response.body.match(/^event: token$/gm)?.length ?? 0;
  if (response.statusCode !== 200 || tokens !== TOKENS || !/event: end\n[^\n]*\n\n$/.test(response.body)) {
    throw new Error(
      `bench task did not stream ${TOKENS} tokens and an end: ${response.statusCode} ${response.body}`,
    );
  }
  return response.body;
}

async function runTasks(count: number): Promise<number> {
  let bytes = 0;
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next += 1;
      const text = await runTask();
      bytes += text.length;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return bytes / count;
}

async function settledHeap(): Promise<number> {
  // Let finished requests' timers and sockets go, then collect until the figure holds still.
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  for (let i = 0; i < 4; i++) gc!();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

const retainedGauge = async (): Promise<number> => {
  const body = (await built.app.inject({ method: 'GET', url: '/metrics', headers: auth })).body;
  return Number(/^transcripts_retained (\S+)$/m.exec(body)?.[1] ?? NaN);
};

// Warm-up: JIT, metric children, the session and the maps' first growth happen before anything counts.
await runTasks(WARMUP_TASKS);
const before = await settledHeap();
const sseBytes = await runTasks(TASKS);
const after = await settledHeap();
const retained = await retainedGauge();
await built.app.close();
rmSync(stateDir, { recursive: true, force: true });

const perTask = (after - before) / TASKS;
const ok = perTask <= GOAL_BYTES && retained === WARMUP_TASKS + TASKS;
console.log(
  `transcript memory bench — node ${process.version}, ${TASKS.toLocaleString('en-US')} finished ${TOKENS}-token tasks` +
    ` (after ${WARMUP_TASKS} warm-up), ${PROMPT.length} B prompt each, ${IN_FLIGHT} in flight`,
);
console.log(
  `stream sent per task: ${sseBytes.toFixed(0)} B of SSE; transcripts_retained after the run: ${retained}`,
);
console.log(
  `heap + array buffers per retained finished task (full GCs before and after): ${perTask.toFixed(0)} B` +
    `   goal ≤ ${GOAL_BYTES} B → ${ok ? 'PASS' : 'FAIL'}`,
);
if (retained !== WARMUP_TASKS + TASKS) {
  console.error(
    `\nbench:memory FAILED: expected ${WARMUP_TASKS + TASKS} retained transcripts, the gauge says ${retained}`,
  );
}
if (!ok) process.exit(1);
