// The daemon the CLI journeys drive: the real orchestratord process, started
// as `pnpm start` starts it (its built-in default config: pool-managerd
// launching the real llama-server on the tiny generated models), plus one pool
// on a paced llama.cpp engine simulator so a stream lasts long enough for a
// person (or a step) to press Ctrl-C in the middle of it. Ports are picked by
// the OS, state lives in a temp dir, and the token is the one the daemon
// generates there, exactly where a new user's CLI finds it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfigInput } from '@llama-orch/contracts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const SLOW_POOL = 'slow';

export interface CliDaemon {
  readonly url: string;
  /** Where the daemon keeps its state (`.llorch/`); the CLI runs from here, as from a checkout. */
  readonly home: string;
  /** The daemon's own token, for the steps' direct checks (the CLI finds it by itself). */
  token(): Promise<string>;
  stop(): Promise<void>;
}

function waitFor(child: ChildProcess, text: () => string, pattern: RegExp, what: string, timeoutMs: number) {
  return new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = text().match(pattern);
      if (match !== null) {
        clearInterval(timer);
        resolve(match);
      } else if (child.exitCode !== null || Date.now() > deadline) {
        clearInterval(timer);
        reject(new Error(`${what} did not start (exit ${child.exitCode}):\n${text().slice(-4000)}`));
      }
    }, 50);
    const deadline = Date.now() + timeoutMs;
  });
}

function run(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (out += c));
  return { child, output: () => out };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await gone;
  clearTimeout(killer);
}

/** Engines load after the daemon listens; journeys start once every pool they use is Ready. */
async function untilPoolsReady(url: string, token: string, pools: readonly string[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (const pool of pools) {
    for (;;) {
      const response = await fetch(`${url}/v1/pools/${pool}/health`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const health = (await response.json()) as { ready?: boolean };
      if (health.ready === true) break;
      if (Date.now() > deadline) throw new Error(`pool ${pool} is not Ready: ${JSON.stringify(health)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  // pool-managerd's Ready reaches the daemon's own replica view a probe later: wait until
  // /readyz names no pool without a Ready replica.
  for (;;) {
    const response = await fetch(`${url}/readyz`, { headers: { authorization: `Bearer ${token}` } });
    const readiness = (await response.json()) as { reasons?: unknown[] };
    if (response.status === 200 && readiness.reasons?.length === 0) return;
    if (Date.now() > deadline) throw new Error(`orchestratord is not ready: ${JSON.stringify(readiness)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startCliDaemon(): Promise<CliDaemon> {
  const home = await mkdtemp(path.join(tmpdir(), 'llorch-bdd-cli-'));
  const simulator = run(
    [
      'test-harness/engine-simulators/src/main.ts',
      '--protocol',
      'llamacpp',
      '--port',
      '0',
      '--model',
      'seeded',
      '--model-name',
      SLOW_POOL,
      '--token-delay-ms',
      '50',
      // Capabilities list engines by engine then version: "sim-…" sorts after the real build
      // ("b…"), so a bare `llorch submit` still lands on the real llama-server, as with `pnpm start`.
      '--engine-version',
      'sim-paced',
    ],
    { cwd: REPO },
  );
  const [, simUrl] = await waitFor(
    simulator.child,
    simulator.output,
    /"ready":"(http:\/\/[^"]+)"/,
    'the engine simulator',
    30_000,
  );
  const input = defaultConfigInput({ stateDir: path.join(home, '.llorch') });
  const config = {
    ...input,
    server: { ...input.server, port: 0 },
    pool_manager: { ...input.pool_manager, port: 0 },
    pools: [
      ...(input.pools ?? []),
      {
        id: SLOW_POOL,
        engine: 'llamacpp',
        model: { ref: SLOW_POOL },
        devices: 'cpu',
        allow_cpu_fallback: true,
        ctx: 512,
        endpoints: [simUrl!],
      },
    ],
  };
  const file = path.join(home, 'llorch.yaml');
  await writeFile(file, JSON.stringify(config, null, 2)); // YAML is a superset of JSON
  const env: NodeJS.ProcessEnv = { ...process.env, INIT_CWD: home };
  delete env['LLORCH_API_TOKEN'];
  const daemon = run(['packages/launcher/src/main.ts', '--config', file], { cwd: REPO, env });
  const stop = async () => {
    await stopChild(daemon.child);
    await stopChild(simulator.child);
    await rm(home, { recursive: true, force: true });
  };
  try {
    const [, url] = await waitFor(
      daemon.child,
      daemon.output,
      /orchestratord listening on (http:\/\/\S+)/,
      'orchestratord',
      600_000,
    );
    const token = async () => (await readFile(path.join(home, '.llorch', 'api-token'), 'utf8')).trim();
    await untilPoolsReady(url!, await token(), ['tiny-bigram', SLOW_POOL]);
    return { url: url!, home, token, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
