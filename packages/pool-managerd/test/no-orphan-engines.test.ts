// POOL-016, POOL-017, POOL-022: engines never outlive pool-managerd. The
// daemon runs as its own process (the standalone entry point, as an operator
// would start it): SIGKILL of pool-managerd takes its llama-server replicas
// with it (kernel parent-death signal), SIGTERM stops them in order, and a new
// pool-managerd terminates engines a crashed predecessor left behind.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLlamaServer, writeTinyModel } from '@llama-orch/engine-provision';
import { enginePidsPath, readEnginePids } from '../src/index.js';
import { isAlive, waitFor } from './support/pool-harness.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const TOKEN = 'orphan-test-token-91ab';
let dir: string;
let configPath: string;
let binaryPath: string;
const started: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'llorch-orphans-'));
  ({ binaryPath } = await ensureLlamaServer());
  configPath = path.join(dir, 'llorch.yaml');
  await writeFile(
    configPath,
    [
      'server: { state_dir: ./state }',
      'pool_manager: { port: 0 }',
      'pools:',
      '  - id: tiny',
      '    model: { ref: tiny, generate: { kind: bigram, seed: 42 } }',
      '    devices: cpu',
      '    allow_cpu_fallback: true',
      '    ctx: 256',
      '    replicas: 2',
      '    launch: { threads: 1 }',
    ].join('\n'),
  );
}, 900_000);

afterAll(async () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

const stateDir = () => path.join(dir, 'state');

interface Daemon {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  exited: Promise<number | null>;
}

/** `tsx src/main.ts --config FILE` as one node process (no wrapper), so its pid is pool-managerd's. */
async function startDaemon(): Promise<Daemon> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--config', configPath], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, LLORCH_API_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await waitFor(
    'pool-managerd to listen',
    () => /listening on (http:\/\/\S+)/.exec(err)?.[1],
    60_000,
  );
  await waitFor(
    'both replicas Ready',
    async () => {
      const response = await fetch(`${url}/v1/replicas`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      }).catch(() => undefined);
      const body = (await response?.json()) as { replicas: { state: string }[] } | undefined;
      return body?.replicas.every((r) => r.state === 'Ready') === true;
    },
    60_000,
  );
  return { child, url, stdout: () => out, exited };
}

describe('engines die with pool-managerd', () => {
  it('SIGKILL of pool-managerd takes its engines down with it [POOL-016]', async () => {
    const daemon = await startDaemon();
    const pids = readEnginePids(stateDir()).map((e) => e.pid);
    expect(pids).toHaveLength(2);
    expect(pids.every(isAlive)).toBe(true);
    daemon.child.kill('SIGKILL');
    await daemon.exited;
    await waitFor('engines gone after SIGKILL', () => !pids.some(isAlive), 5_000);
  });

  it('a restarted pool-managerd terminates engines left by a crashed one before starting its own [POOL-017]', async () => {
    // A leftover as a crash without parent-death delivery would leave it: detached, not our child's child.
    const model = await writeTinyModel({ kind: 'bigram', seed: 42, path: path.join(dir, 'leftover.gguf') });
    const leftover = spawn(
      binaryPath,
      ['--host', '127.0.0.1', '--port', '0', '-m', model.path, '-c', '256', '-t', '1'],
      { detached: true, stdio: 'ignore' },
    );
    leftover.unref();
    const deadOwner = spawn('true');
    await new Promise((resolve) => deadOwner.once('exit', resolve));
    await mkdir(path.dirname(enginePidsPath(stateDir())), { recursive: true });
    await writeFile(
      enginePidsPath(stateDir()),
      JSON.stringify({
        owner_pid: deadOwner.pid,
        engines: [{ replica_id: 'tiny-0', pid: leftover.pid, binary: binaryPath, started_at_ms: 0 }],
      }),
    );
    expect(isAlive(leftover.pid!)).toBe(true);

    const daemon = await startDaemon();
    expect(isAlive(leftover.pid!)).toBe(false);
    expect(daemon.stdout()).toContain('terminated an engine left by a previous run');
    expect(daemon.stdout()).toContain(`"pid":${leftover.pid}`);

    // And SIGTERM stops the current engines in order, leaving an empty record [POOL-016].
    const pids = readEnginePids(stateDir()).map((e) => e.pid);
    expect(pids).toHaveLength(2);
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    expect(pids.some(isAlive)).toBe(false);
    expect(JSON.parse(await readFile(enginePidsPath(stateDir()), 'utf8'))).toMatchObject({ engines: [] });
  });
});
