// Chaos harness: the whole service as an operator starts it (`npm start --
// --config FILE`, which brings up pool-managerd, its engines and orchestratord), driven only
// through the public HTTP API and OS signals. Engines are the fake
// llama-server (engine simulator behind llama-server's command line) so a test
// can pace tokens and schedule faults through launch.env, and kill or freeze
// the exact process pool-managerd reports.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Replica } from '@llama-orch/contracts';
import { parseSse } from '@llama-orch/worker-adapters';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** llama-server's command line in, the engine simulator out; see the script's header for its env knobs. */
/** `npm start`'s entry: both daemons in one process. */
export const PRODUCT_MAIN = path.join(REPO, 'packages/launcher/src/main.ts');
export const FAKE_LLAMA_SERVER = path.join(REPO, 'packages/pool-managerd/test/fixtures/fake-llama-server');

export interface Frame {
  event: string;
  data: Record<string, unknown>;
}

export interface Stack {
  readonly url: string;
  readonly poolManagerUrl: string;
  readonly token: string;
  readonly stateDir: string;
  output(): string;
  /** POST /v1/tasks with sensible defaults; returns the HTTP status, body and task id. */
  submit(
    fields: Record<string, unknown>,
  ): Promise<{ status: number; body: Record<string, unknown>; taskId: string }>;
  /** Reads a task's stream to its terminal frame; `onFrame` runs as frames arrive. */
  stream(taskId: string, onFrame?: (frame: Frame) => void | Promise<void>): Promise<Frame[]>;
  replicas(poolId: string): Promise<Replica[]>;
  waitForReplica(id: string, test: (r: Replica) => boolean, timeoutMs?: number): Promise<Replica>;
  api(route: string, init?: RequestInit): Promise<Response>;
  /** Until orchestratord's /readyz says a replica can serve (its own view, fed by pool-managerd). */
  serving(timeoutMs?: number): Promise<void>;
  /** SIGINT, as Ctrl-C would; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface StackOptions {
  pools: unknown[];
  /** Environment of the daemons (e.g. a fake nvidia-smi first on PATH). */
  env?: NodeJS.ProcessEnv;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The body `submit` sends: sensible defaults under `fields` (also for a streaming POST /v1/tasks). */
export function taskBody(taskId: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    task_id: taskId,
    session_id: randomUUID(),
    workload: 'completion',
    engine: 'llamacpp',
    ctx: 256,
    priority: 'interactive',
    seed: 1,
    prompt: 'the',
    max_tokens: 32,
    deadline_ms: 60_000,
    ...fields,
  };
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'llorch-chaos-'));
  const token = `chaos-${randomUUID()}`;
  const configPath = path.join(stateDir, 'llorch.json');
  await writeFile(
    configPath,
    JSON.stringify({
      server: { port: 0, state_dir: stateDir },
      pool_manager: { port: 0 },
      pools: options.pools,
    }),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', PRODUCT_MAIN, '--config', configPath],
    {
      cwd: REPO,
      env: { ...(options.env ?? process.env), LLORCH_API_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let url: string;
  try {
    url = await waitFor(
      'orchestratord to listen',
      () =>
        /orchestratord listening on (http:\/\/\S+)/.exec(out)?.[1] ??
        (child.exitCode !== null ? Promise.reject(new Error(out)) : undefined),
      60_000,
    );
  } catch (error) {
    // A product that never came up must not outlive the test: SIGTERM lets it stop its engines.
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const gone = await Promise.race([exited.then(() => true), delay(10_000).then(() => false)]);
      if (!gone) child.kill('SIGKILL');
    }
    throw error;
  }
  const poolManagerUrl = /pool-managerd at (http:\/\/[^;\s]+)/.exec(out)![1]!;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const api = (route: string, init: RequestInit = {}, base = url) =>
    fetch(`${base}${route}`, { ...init, headers: { ...headers, ...init.headers } });

  const stack: Stack = {
    url,
    poolManagerUrl,
    token,
    stateDir,
    output: () => out,
    api: (route, init) => api(route, init),
    async submit(fields) {
      const taskId = randomUUID();
      const response = await api('/v1/tasks', {
        method: 'POST',
        body: JSON.stringify(taskBody(taskId, fields)),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown>, taskId };
    },
    async stream(taskId, onFrame) {
      const response = await api(`/v1/tasks/${taskId}/stream`);
      const frames: Frame[] = [];
      for await (const event of parseSse(response.body!)) {
        const frame = {
          event: event.event ?? 'message',
          data: JSON.parse(event.data) as Record<string, unknown>,
        };
        frames.push(frame);
        await onFrame?.(frame);
        if (frame.event === 'end' || frame.event === 'error') break;
      }
      return frames;
    },
    async serving(timeoutMs = 60_000) {
      await waitFor('orchestratord ready', async () => (await api('/readyz')).status === 200, timeoutMs);
    },
    async replicas(poolId) {
      const response = await api(`/v1/replicas?pool_id=${poolId}`, {}, poolManagerUrl);
      return ((await response.json()) as { replicas: Replica[] }).replicas;
    },
    async waitForReplica(id, test, timeoutMs = 30_000) {
      const poolId = id.slice(0, id.lastIndexOf('-'));
      return waitFor(
        `replica ${id}`,
        async () => (await stack.replicas(poolId)).find((r) => r.id === id && test(r)),
        timeoutMs,
      );
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      const code = await exited;
      await rm(stateDir, { recursive: true, force: true });
      return code;
    },
  };
  return stack;
}

/** The terminal frames of a stream: exactly one is expected. */
export const terminals = (frames: readonly Frame[]): Frame[] =>
  frames.filter((f) => f.event === 'end' || f.event === 'error');
