// Support for the orchestratord journeys (ORCHD, OC-005, OC-009): runs the real
// daemon the way an operator does (the launcher's `src/main.ts --config FILE`, its `pnpm start`)
// with real llama-server replicas on generated tiny models, and drives it over
// HTTP only. One daemon serves every orchestratord scenario; it starts on first
// use and is stopped with SIGTERM after the run, which also stops its engines.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AfterAll } from '@cucumber/cucumber';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const TOKEN = `bdd-${randomUUID()}`;

const CONFIG = (stateDir: string) => `
server: { bind: 127.0.0.1, port: 0, state_dir: ${stateDir} }
pool_manager: { port: 0 }
sessions: { max_turns: 8 }
pools:
  - id: tiny-bigram
    model: { ref: tiny-bigram, generate: { kind: bigram, seed: 42 } }
    devices: cpu
    allow_cpu_fallback: true
    ctx: 512
    launch: { threads: 1, parallel: 1 }
  - id: tiny-random
    model: { ref: tiny-random, generate: { kind: random, seed: 7 } }
    devices: cpu
    allow_cpu_fallback: true
    ctx: 2048
    queue: { capacity: 1, full_policy: reject }
    launch: { threads: 1, parallel: 1 }
`;

interface RunningDaemon {
  url: string;
  child: ChildProcess;
  stateDir: string;
  output: string[];
}

let running: Promise<RunningDaemon> | undefined;

async function launch(): Promise<RunningDaemon> {
  const stateDir = await mkdtemp(join(tmpdir(), 'llorch-bdd-daemon-'));
  const configFile = join(stateDir, 'llorch.yaml');
  await writeFile(configFile, CONFIG(stateDir));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--config', configFile], {
    cwd: join(repoRoot, 'packages/launcher'),
    env: { ...process.env, NODE_OPTIONS: '', LLORCH_API_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const url = await new Promise<string>((resolveUrl, reject) => {
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line !== '') output.push(line);
        const match = /orchestratord listening on (http:\/\/\S+)/.exec(line);
        if (match?.[1] !== undefined) resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', onLine);
    child.stderr?.on('data', onLine);
    child.once('exit', (code) =>
      reject(new Error(`orchestratord exited (${code}) before listening:\n${output.slice(-20).join('\n')}`)),
    );
  });
  return { url, child, stateDir, output };
}

/** The shared daemon, started on first use. */
export async function daemon(): Promise<RunningDaemon> {
  running ??= launch();
  const started = await running;
  await waitUntilReady(started.url);
  return started;
}

const POOLS = ['tiny-bigram', 'tiny-random'];

/**
 * /readyz answers 200 once any pool can serve; the journeys need every pool,
 * and under load the second engine can still be loading, so wait for each:
 * pool-managerd's health (relayed) says the replicas passed their self-test,
 * and /readyz lists no pool without a Ready replica in the daemon's own view
 * (its prober marks a replica Ready a moment after pool-managerd does).
 */
async function waitUntilReady(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  const headers = { authorization: `Bearer ${TOKEN}` };
  for (;;) {
    const health = await Promise.all(
      POOLS.map(async (pool) => {
        const res = await fetch(`${url}/v1/pools/${pool}/health`, { headers });
        const body = (await res.json().catch(() => ({}))) as { ready?: unknown };
        return res.status === 200 && body.ready === true;
      }),
    );
    const readyz = await fetch(`${url}/readyz`, { headers });
    const daemonView = (await readyz.json().catch(() => ({}))) as { reasons?: unknown };
    const everyPoolServes =
      readyz.status === 200 && Array.isArray(daemonView.reasons) && daemonView.reasons.length === 0;
    if (health.every(Boolean) && everyPoolServes) return;
    if (Date.now() > deadline) throw new Error(`pools not all ready within 60 s: ${POOLS.join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

AfterAll({ timeout: 30_000 }, async () => {
  if (running === undefined) return;
  const started = await running.catch(() => undefined);
  if (started === undefined) return;
  const exited = new Promise((r) => started.child.once('exit', r));
  started.child.kill('SIGTERM');
  await exited;
  await rm(started.stateDir, { recursive: true, force: true });
});

export interface HttpResult {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export async function http(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const { url } = await daemon();
  const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}`, ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

export interface Frame {
  id: string | undefined;
  event: string;
  data: Record<string, unknown>;
}

/** Reads a task's SSE stream until it closes; `onFrame` may trigger actions mid-stream. */
export async function stream(
  taskId: string,
  onFrame: (frame: Frame, frames: Frame[]) => void = () => undefined,
): Promise<Frame[]> {
  const { url } = await daemon();
  const res = await fetch(`${url}/v1/tasks/${taskId}/stream`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  if (res.status !== 200 || res.body === null) throw new Error(`stream answered ${res.status}`);
  const frames: Frame[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (block.startsWith(':')) continue;
      const field = (name: string) =>
        block
          .split('\n')
          .find((l) => l.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      const frame = {
        id: field('id'),
        event: field('event') ?? 'message',
        data: JSON.parse(field('data') ?? '{}') as Record<string, unknown>,
      };
      frames.push(frame);
      onFrame(frame, frames);
    }
  }
  return frames;
}

export function newTask(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    task_id: randomUUID(),
    session_id: randomUUID(),
    workload: 'completion',
    model_ref: 'tiny-bigram',
    engine: 'llamacpp',
    ctx: 512,
    priority: 'interactive',
    seed: 42,
    prompt: 'the',
    max_tokens: 16,
    deadline_ms: 30_000,
    ...overrides,
  };
}
