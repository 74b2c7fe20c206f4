// The provider under verification: the real orchestratord process, started
// exactly as `pnpm start` starts it (the launcher's src/main.ts with --config), with its own
// pool-managerd. Two pools launch the real llama-server on the tiny generated
// models; three point at llama.cpp engine simulators, whose token pace is set
// by configuration so a queue can be filled on purpose.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type SimulatorHandle } from '@llama-orch/engine-simulators';
import { stringify } from 'yaml';
import { POOLS } from './pact-shared.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const MAIN = path.join(REPO, 'packages/launcher/src/main.ts');

export interface ProviderDaemon {
  readonly url: string;
  readonly token: string;
  /** Everything the daemon wrote to stderr (startup lines, failures). */
  log(): string;
  stop(): Promise<void>;
}

const cpu = { devices: 'cpu', allow_cpu_fallback: true, ctx: 512 } as const;

function config(stateDir: string, sims: Record<'busy' | 'slow' | 'drain', SimulatorHandle>) {
  const external = (id: string, sim: SimulatorHandle, capacity = 64) => ({
    ...cpu,
    id,
    engine: 'llamacpp',
    model: { ref: id },
    endpoints: [sim.endpoint],
    queue: { capacity, full_policy: 'reject' },
  });
  return {
    server: { bind: '127.0.0.1', port: 0, state_dir: stateDir },
    pool_manager: { bind: '127.0.0.1', port: 0 },
    pools: [
      {
        ...cpu,
        id: POOLS.served,
        model: { ref: 'tiny-bigram', generate: { kind: 'bigram', seed: 42 } },
        launch: { threads: 1, parallel: 1 },
      },
      {
        ...cpu,
        id: POOLS.reload,
        model: { ref: 'tiny-random', generate: { kind: 'random', seed: 7 } },
        launch: { threads: 1, parallel: 1 },
      },
      // One slot and room for one waiting task: two long tasks fill it.
      external(POOLS.busy, sims.busy, 1),
      external(POOLS.slow, sims.slow),
      external(POOLS.drain, sims.drain),
    ],
  };
}

function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  log: () => string,
  timeoutMs: number,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`orchestratord did not print ${pattern} within ${timeoutMs} ms:\n${log()}`)),
      timeoutMs,
    );
    const check = () => {
      const match = log().match(pattern);
      if (match === null) return;
      clearTimeout(timer);
      child.stderr?.off('data', check);
      resolve(match);
    };
    child.stderr?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`orchestratord exited with ${code} before it listened:\n${log()}`));
    });
  });
}

export async function startProviderDaemon(): Promise<ProviderDaemon> {
  const dir = await mkdtemp(path.join(tmpdir(), 'llorch-pact-provider-'));
  const sims = {
    busy: await startSimulator({
      protocol: 'llamacpp',
      model: 'seeded',
      modelName: POOLS.busy,
      tokenDelayMs: 200,
      slots: 1,
    }),
    slow: await startSimulator({
      protocol: 'llamacpp',
      model: 'seeded',
      modelName: POOLS.slow,
      tokenDelayMs: 200,
      slots: 4,
    }),
    drain: await startSimulator({
      protocol: 'llamacpp',
      model: 'golden',
      modelName: POOLS.drain,
      tokenDelayMs: 1,
    }),
  };
  const file = path.join(dir, 'llorch.yaml');
  await writeFile(file, stringify(config(path.join(dir, 'state'), sims)));
  const token = randomBytes(16).toString('hex');
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--config', file], {
    cwd: REPO,
    env: { ...process.env, LLORCH_API_TOKEN: token, INIT_CWD: dir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
    await Promise.allSettled(Object.values(sims).map((s) => s.stop(500)));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [, url] = await waitForLine(
      child,
      /orchestratord listening on (http:\/\/\S+)/,
      () => stderr,
      600_000,
    );
    return { url: url!, token, log: () => stderr, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
