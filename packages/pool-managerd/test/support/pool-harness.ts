// Test harness: a real pool-managerd (HTTP on a free loopback port) over a
// temporary state directory, built from a parsed config like production, with
// a typed client, a record of every replica_state event, and polling helpers.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { createPoolClient, parseConfig } from '@llama-orch/contracts';
import type { PoolClient, PoolEvent, Replica } from '@llama-orch/contracts';
import { pino } from 'pino';
import { startPoolManagerd } from '../../src/index.js';
import type { RestartPolicy, RunningPoolManagerd, StartPoolManagerdOptions } from '../../src/index.js';

export const TOKEN = 'pool-test-token-7c1f';

/** llama-server's command line in, the engine simulator out (faults via launch.env). */
export const FAKE_LLAMA_SERVER = fileURLToPath(new URL('../fixtures/fake-llama-server', import.meta.url));

export const FAST_RESTARTS: Partial<RestartPolicy> = {
  baseMs: 100,
  capMs: 400,
  jitterRatio: 0,
  maxFailures: 50,
  windowMs: 60_000,
  cooldownMs: 60_000,
};

export class LineSink extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line !== '') this.lines.push(line);
    done();
  }
}

export interface TestPoolManagerd {
  readonly daemon: RunningPoolManagerd;
  readonly url: string;
  readonly client: PoolClient;
  readonly stateDir: string;
  readonly events: PoolEvent[];
  readonly log: LineSink;
  replica(id: string): Replica;
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<Omit<StartPoolManagerdOptions, 'config' | 'token'>> {
  pools?: unknown[];
  /** The config's `models` section: on-demand pools (CFG-022). */
  models?: unknown[];
  /** The config's `catalog` section (trust policy and keys), when a test needs one. */
  catalog?: unknown;
}

export async function startTestPoolManagerd(options: HarnessOptions): Promise<TestPoolManagerd> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'llorch-pmd-'));
  const config = parseConfig({
    server: { state_dir: stateDir, port: 0 },
    pool_manager: { port: 0 },
    pools: options.pools ?? [],
    ...(options.models !== undefined && { models: options.models }),
    ...(options.catalog !== undefined && { catalog: options.catalog }),
  });
  const log = new LineSink();
  const { pools: _pools, models: _models, catalog: _catalog, ...rest } = options;
  const events: PoolEvent[] = [];
  const daemon = await startPoolManagerd({
    onEvent: (event) => events.push(event),
    logger: pino({ level: 'info' }, log),
    timings: { probeIntervalMs: 250, probeTimeoutMs: 1_000, probeFailures: 3, stopGraceMs: 2_000 },
    restartPolicy: FAST_RESTARTS,
    ...rest,
    config,
    token: TOKEN,
  });
  return {
    daemon,
    url: daemon.url,
    client: createPoolClient({ baseUrl: daemon.url, token: TOKEN }),
    stateDir,
    events,
    log,
    replica(id) {
      const found = daemon.manager.replicas().find((r) => r.id === id);
      if (found === undefined) throw new Error(`no replica ${id}`);
      return found;
    },
    async close() {
      await daemon.stop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The transitions one replica went through, in order. */
export const path_of = (events: readonly PoolEvent[], replicaId: string): string[] =>
  events.filter((e) => e.data.replica_id === replicaId).map((e) => `${e.data.from}->${e.data.to}`);

/**
 * One CPU pool `alpha` of one bigram replica on the llama-server simulator, Ready, and a
 * temporary folder for the models a test writes; `catalog` sets the trust policy.
 */
export async function startReloadablePool(catalog?: unknown): Promise<{ pm: TestPoolManagerd; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'llorch-reload-'));
  const pm = await startTestPoolManagerd({
    ...(catalog !== undefined && { catalog }),
    pools: [
      {
        id: 'alpha',
        model: { ref: 'alpha', generate: { kind: 'bigram', seed: 3 } },
        devices: 'cpu',
        allow_cpu_fallback: true,
        ctx: 256,
        launch: { binary: FAKE_LLAMA_SERVER },
      },
    ],
  });
  await waitFor('alpha-0 Ready', () => pm.replica('alpha-0').state === 'Ready', 60_000);
  return { pm, dir };
}

/** POST /v1/pools/alpha/reload with `body` as it is, so tests can send what the contract forbids. */
export const reloadAlpha = (pm: TestPoolManagerd, body: Record<string, unknown>) =>
  pm.client.POST('/v1/pools/{id}/reload', {
    params: { path: { id: 'alpha' } },
    body: body as { new_model_ref: string },
  });
