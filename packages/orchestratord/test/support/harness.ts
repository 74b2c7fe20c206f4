// Test harness: an orchestratord built from a real parsed config, with engine
// replicas supplied as adapters (mock adapter in-process, or HTTP adapters
// against simulators / llama-server). Logs go to an in-memory sink so tests
// can grep them.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type LlorchConfig } from '@llama-orch/contracts';
import type { EngineAdapter } from '@llama-orch/worker-adapters';
import {
  buildApp,
  createLogger,
  startOrchestratord,
  type DataPlane,
  type DataPlaneTuning,
  type OrchestratordApp,
  type RunningOrchestratord,
} from '../../src/index.js';

export const TOKEN = 'test-token-5f0c1d2e3a4b';

export interface PoolSpec {
  id: string;
  model?: string;
  replicas: readonly EngineAdapter[];
  capacity?: number;
  fullPolicy?: 'reject' | 'drop-lru';
  timeouts?: { first_token_ms?: number; idle_ms?: number; wall_ms?: number };
  price?: { per_1k_prompt_tokens?: number; per_1k_completion_tokens?: number };
}

export interface HarnessOptions {
  pools: readonly PoolSpec[];
  token?: string | null;
  sessions?: Record<string, unknown>;
  tuning?: Partial<DataPlaneTuning>;
  drainGraceMs?: number;
  /** The data plane's clock (e.g. a ManualClock shared with mock adapters). */
  now?: () => number;
  /** The daemon's log level; info (the config's default) unless a test looks at another. */
  logLevel?: 'info' | 'debug';
  /** Named agent clients (config `clients`, CFG-030). */
  clients?: readonly Record<string, unknown>[];
}

export class LogSink extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line !== '') this.lines.push(line);
    done();
  }
  records(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

export function harnessConfig(options: HarnessOptions): LlorchConfig {
  return parseConfig({
    // Catalog and artifact stores live under the state dir: keep tests out of the repo.
    server: { bind: '127.0.0.1', port: 0, state_dir: mkdtempSync(join(tmpdir(), 'llorch-test-')) },
    pool_manager: { port: 0 },
    sessions: options.sessions ?? {},
    ...(options.clients === undefined ? {} : { clients: options.clients }),
    pools: options.pools.map((p) => ({
      id: p.id,
      engine: 'llamacpp',
      model: { ref: p.model ?? p.id },
      devices: 'cpu',
      allow_cpu_fallback: true,
      ctx: 512,
      replicas: Math.max(1, p.replicas.length),
      queue: { capacity: p.capacity ?? 64, full_policy: p.fullPolicy ?? 'reject' },
      timeouts: { first_token_ms: 10_000, idle_ms: 10_000, wall_ms: 60_000, ...p.timeouts },
      ...(p.price === undefined ? {} : { price: p.price }),
    })),
  });
}

function bindings(options: HarnessOptions) {
  return options.pools.flatMap((p) =>
    p.replicas.map((adapter, i) => ({ pool_id: p.id, replica_id: `${p.id}-${i}`, adapter })),
  );
}

/** A distinct token for each client that reads its key from a variable, so the daemon can start. */
function clientEnv(options: HarnessOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const client of options.clients ?? []) {
    const name = client['token_env'];
    if (typeof name === 'string') env[name] = `test-key-${String(client['name'])}`;
  }
  return env;
}

function common(options: HarnessOptions, sink: LogSink) {
  const token = options.token === undefined ? TOKEN : options.token;
  return {
    config: harnessConfig(options),
    env: clientEnv(options),
    replicas: bindings(options),
    token,
    logger: createLogger({
      level: options.logLevel ?? 'info',
      destination: sink,
      secrets: token === null ? [] : [token],
    }),
    tuning: { probeIntervalMs: 50, ...options.tuning },
    drainGraceMs: options.drainGraceMs ?? 1_000,
    ...(options.now === undefined ? {} : { now: options.now }),
  };
}

export async function buildTestApp(options: HarnessOptions): Promise<OrchestratordApp & { logs: LogSink }> {
  const logs = new LogSink();
  const built = await buildApp(common(options, logs));
  await built.app.ready();
  await waitFor(() => built.dataPlane.readiness().ready, 5_000);
  return { ...built, logs };
}

export async function startTestDaemon(
  options: HarnessOptions,
): Promise<RunningOrchestratord & { logs: LogSink }> {
  const logs = new LogSink();
  const daemon = await startOrchestratord({ ...common(options, logs), host: '127.0.0.1', port: 0 });
  await waitFor(() => daemon.dataPlane.readiness().ready, 5_000);
  return { ...daemon, logs };
}

export async function waitFor(predicate: () => boolean, timeoutMs: number, stepMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

export function taskBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    task_id: randomUUID(),
    session_id: randomUUID(),
    workload: 'completion',
    model_ref: 'mock',
    engine: 'llamacpp',
    ctx: 512,
    priority: 'interactive',
    seed: 42,
    prompt: 'hello',
    max_tokens: 8,
    deadline_ms: 30_000,
    ...overrides,
  };
}

export const auth = { authorization: `Bearer ${TOKEN}` };

/** Every replica as the data plane sees it now (a copy, read through its public views). */
export const replicasOf = (plane: DataPlane) => plane.pools().flatMap((pool) => pool.replicas);
