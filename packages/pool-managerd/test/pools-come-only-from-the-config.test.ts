// POOL-001: pool-managerd serves exactly the pools of the validated config.
// A config file goes through the same loader orchestratord uses; every
// replica that runs belongs to a declared pool, and asking for a pool the
// config does not declare (health, drain, reload) is a typed 404 that starts
// nothing. Both daemons refuse the same invalid file with the same message
// before any engine starts. Engines are the fake llama-server (the engine
// simulator behind llama-server's command line).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPoolClient, loadConfigFile } from '@llama-orch/contracts';
import type { PoolClient, PoolEvent } from '@llama-orch/contracts';
import { enginePidsPath, readEnginePids, startPoolManagerd } from '../src/index.js';
import type { RunningPoolManagerd } from '../src/index.js';
import { FAKE_LLAMA_SERVER, LineSink, TOKEN, isAlive, waitFor } from './support/pool-harness.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let dir = '';
let pm: RunningPoolManagerd | undefined;
let client: PoolClient;
const events: PoolEvent[] = [];

const pool = (id: string, replicas: number) => `
  - id: ${id}
    model: { ref: ${id}, generate: { kind: bigram, seed: 3 } }
    devices: cpu
    allow_cpu_fallback: true
    ctx: 256
    replicas: ${replicas}
    launch: { binary: ${FAKE_LLAMA_SERVER} }`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'llorch-pool001-'));
  const file = path.join(dir, 'llorch.yaml');
  await writeFile(
    file,
    `server: { port: 0, state_dir: ${dir} }\npool_manager: { port: 0 }\npools:${pool('alpha', 2)}${pool('beta', 1)}\n`,
  );
  const config = await loadConfigFile(file);
  pm = await startPoolManagerd({
    config,
    token: TOKEN,
    logger: pino({ level: 'warn' }, new LineSink()),
    onEvent: (event) => events.push(event),
  });
  client = createPoolClient({ baseUrl: pm.url, token: TOKEN });
  await waitFor(
    'every declared replica Ready',
    () => pm!.manager.replicas().filter((r) => r.state === 'Ready').length === 3,
    60_000,
  );
  await pm.manager.settled();
}, 90_000);

afterAll(async () => {
  await pm?.stop();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('pools come only from the config', () => {
  it('runs one engine per declared replica and none for anything else [POOL-001]', async () => {
    const pools = await client.GET('/v1/pools');
    expect(pools.data?.pools.map((p) => p.id).sort()).toEqual(['alpha', 'beta']);
    const replicas = (await client.GET('/v1/replicas')).data?.replicas ?? [];
    expect(replicas.map((r) => `${r.pool_id}/${r.id}`).sort()).toEqual([
      'alpha/alpha-0',
      'alpha/alpha-1',
      'beta/beta-0',
    ]);
    const engines = readEnginePids(dir);
    expect(engines.map((e) => e.replica_id).sort()).toEqual(['alpha-0', 'alpha-1', 'beta-0']);
    expect(engines.every((e) => isAlive(e.pid))).toBe(true);
  });

  it('answers a typed 404 for an undeclared pool and starts nothing for it [POOL-001]', async () => {
    const before = readEnginePids(dir).map((e) => e.pid);
    const eventsBefore = events.length;
    const params = { params: { path: { id: 'ghost' } } };
    const health = await client.GET('/v1/pools/{id}/health', params);
    const drain = await client.POST('/v1/pools/{id}/drain', { ...params, body: { deadline_ms: 0 } });
    const reload = await client.POST('/v1/pools/{id}/reload', {
      ...params,
      body: { new_model_ref: 'alpha' },
    });
    for (const answer of [health, drain, reload]) {
      expect(answer.response.status).toBe(404);
      expect(answer.error).toMatchObject({ code: 'NOT_FOUND', retriable: false });
      expect(JSON.stringify(answer.error)).toContain('the config declares alpha, beta');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readEnginePids(dir).map((e) => e.pid)).toEqual(before);
    expect(events.slice(eventsBefore)).toEqual([]);
    expect(pm!.manager.replicas().map((r) => r.pool_id)).not.toContain('ghost');
  });

  it('refuses an invalid config exactly as orchestratord does, before any engine starts [POOL-001]', async () => {
    const stateDir = await mkdtemp(path.join(os.tmpdir(), 'llorch-pool001-bad-'));
    const file = path.join(stateDir, 'bad.yaml');
    // A typo (`replica`) and an id used twice: the shared validation names both.
    await writeFile(
      file,
      `server: { port: 0, state_dir: ${stateDir} }\npool_manager: { port: 0 }\npools:${pool('alpha', 1)}\n    replica: 2${pool('alpha', 1)}\n`,
    );
    try {
      const run = (entry: string) =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', entry, '--config', file], {
            cwd: REPO,
            env: { ...process.env, NODE_OPTIONS: '', LLORCH_API_TOKEN: TOKEN },
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          let stderr = '';
          child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
          child.once('exit', (code) => resolve({ code, stderr }));
        });
      const [poolManagerd, orchestratord] = await Promise.all([
        run(path.join(REPO, 'packages/pool-managerd/src/main.ts')),
        run(path.join(REPO, 'packages/launcher/src/main.ts')),
      ]);
      expect(poolManagerd.code).toBe(1);
      expect(orchestratord.code).toBe(1);
      const message = (r: { stderr: string }, prefix: string) => r.stderr.trim().replace(`${prefix}: `, '');
      expect(message(poolManagerd, 'pool-managerd')).toMatch(/pools\[0\]\.replica: unknown key/);
      expect(message(poolManagerd, 'pool-managerd')).toMatch(
        /pools\[1\]\.id: pool id "alpha" is already used/,
      );
      expect(message(poolManagerd, 'pool-managerd')).toBe(message(orchestratord, 'orchestratord'));
      expect(existsSync(enginePidsPath(stateDir))).toBe(false);
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  }, 60_000);
});
