// Support for the control-plane journeys (ORCHD-031..ORCHD-041): the real
// daemon started the way an operator does (the launcher's `src/main.ts --config FILE`) on its
// own state directory, with pools served by llama.cpp engine simulators that
// run as separate processes (external `endpoints`, adopted by the daemon's
// pool-managerd). Upgrading a pool's engine stops its process and starts a new
// build on the same port. Everything is driven over HTTP only.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AfterAll } from '@cucumber/cucumber';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const TOKEN = `bdd-control-${randomUUID()}`;
export const ARTIFACT_LIMIT = 65_536;

/** One engine simulator per pool; `beta` is the one the journeys drain and reload. */
export const POOLS = {
  alpha: { model: 'alpha-model', slots: 2, version: 'sim-1' },
  beta: { model: 'beta-model', slots: 1, version: 'sim-1' },
  gamma: { model: 'catalog-demo', slots: 1, version: 'sim-c' },
} as const;
export type PoolName = keyof typeof POOLS;

interface Engine {
  child: ChildProcess;
  port: number;
}

interface Plane {
  stateDir: string;
  configFile: string;
  engines: Map<PoolName, Engine>;
  daemon?: { child: ChildProcess; url: string };
}

let plane: Promise<Plane> | undefined;

/** Spawns a child and resolves with the first stdout/stderr match of `pattern`. */
function spawnUntil(args: string[], cwd: string, pattern: RegExp, env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const found = new Promise<string>((resolveMatch, reject) => {
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line !== '') output.push(line);
        const match = pattern.exec(line);
        if (match?.[1] !== undefined) resolveMatch(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`${args[0]} exited (${code}):\n${output.slice(-20).join('\n')}`)),
    );
  });
  return { child, found };
}

export async function startEngine(pool: PoolName, version: string, port = 0, loadingMs = 0): Promise<Engine> {
  const { slots } = POOLS[pool];
  const args = ['src/main.ts', '--protocol', 'llamacpp', '--port', String(port), '--slots', String(slots)];
  args.push('--engine-version', version, '--loading-ms', String(loadingMs), '--ctx', '2048');
  const { child, found } = spawnUntil(
    args,
    join(repoRoot, 'test-harness/engine-simulators'),
    /"listening":"http:\/\/[^:]+:(\d+)/,
  );
  return { child, port: Number(await found) };
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function launchDaemon(state: Plane): Promise<void> {
  const { child, found } = spawnUntil(
    ['src/main.ts', '--config', state.configFile],
    join(repoRoot, 'packages/launcher'),
    /orchestratord listening on (http:\/\/\S+)/,
    { LLORCH_API_TOKEN: TOKEN },
  );
  state.daemon = { child, url: await found };
}

async function setUp(): Promise<Plane> {
  const stateDir = await mkdtemp(join(tmpdir(), 'llorch-bdd-control-'));
  await mkdir(join(stateDir, 'models'));
  const engines = new Map<PoolName, Engine>();
  for (const name of Object.keys(POOLS) as PoolName[])
    engines.set(name, await startEngine(name, POOLS[name].version));
  // The engines are simulators, but a reload still resolves the pool's model to a local file.
  const betaModel = join(stateDir, 'models', 'beta.gguf');
  await writeFile(betaModel, 'beta weights');
  const pools = (Object.keys(POOLS) as PoolName[]).map((id) => ({
    id,
    model: { ref: POOLS[id].model, ...(id === 'beta' ? { path: betaModel } : {}) },
    endpoints: [`http://127.0.0.1:${engines.get(id)?.port}`],
    devices: 'cpu',
    allow_cpu_fallback: true,
    determinism: 'best_effort',
    ctx: 2048,
  }));
  const config = {
    server: { bind: '127.0.0.1', port: 0, state_dir: stateDir },
    pool_manager: { port: 0 },
    pools,
    catalog: { trust_policy: 'permissive' },
    artifacts: { max_bytes: ARTIFACT_LIMIT },
    observability: { log_level: 'warn' },
  };
  const configFile = join(stateDir, 'llorch.yaml');
  await writeFile(configFile, JSON.stringify(config, null, 2)); // JSON is YAML
  const state: Plane = { stateDir, configFile, engines };
  await launchDaemon(state);
  return state;
}

/** The control-plane deployment, started on first use and shared by the control journeys. */
export async function controlPlane(): Promise<Plane & { daemon: { child: ChildProcess; url: string } }> {
  plane ??= setUp();
  const state = await plane;
  if (state.daemon === undefined) throw new Error('the daemon is not running');
  return state as Plane & { daemon: { child: ChildProcess; url: string } };
}

/** SIGTERM (drain, then exit) and start again on the same config and state directory. */
export async function restartDaemon(): Promise<void> {
  const state: Plane = await controlPlane();
  if (state.daemon !== undefined) await stopProcess(state.daemon.child);
  state.daemon = undefined;
  await launchDaemon(state);
}

/** Stops the pool's engine process and starts `version` on the same port (the config names it). */
export async function replaceEngine(pool: PoolName, version: string): Promise<void> {
  const state = await controlPlane();
  const engine = state.engines.get(pool);
  if (engine === undefined) throw new Error(`pool ${pool} has no engine`);
  await stopProcess(engine.child);
  state.engines.set(pool, await startEngine(pool, version, engine.port));
}

export async function api(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { daemon } = await controlPlane();
  const res = await fetch(`${daemon.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** Retries `check` until it stops throwing (engine probes run every couple of seconds). */
export async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

AfterAll({ timeout: 30_000 }, async () => {
  if (plane === undefined) return;
  const state = await plane.catch(() => undefined);
  if (state === undefined) return;
  if (state.daemon !== undefined) await stopProcess(state.daemon.child);
  for (const engine of state.engines.values()) await stopProcess(engine.child);
  await rm(state.stateDir, { recursive: true, force: true });
});
