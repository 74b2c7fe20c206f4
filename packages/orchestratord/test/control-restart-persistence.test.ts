// The catalog and the artifacts live on local disk: a daemon built again on
// the same state directory serves exactly what the previous one stored, and
// refuses to start on a catalog file it cannot read back.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { buildApp, createLogger } from '../src/index.js';
import { auth, harnessConfig, LogSink, taskBody, waitFor } from './support/harness.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function stateDir() {
  const dir = await mkdtemp(join(tmpdir(), 'llorch-restart-'));
  dirs.push(dir);
  return dir;
}

async function boot(dir: string) {
  const base = harnessConfig({ pools: [{ id: 'mock', replicas: [] }] });
  const config = {
    ...base,
    server: { ...base.server, state_dir: dir },
    catalog: { ...base.catalog, dir: join(dir, 'catalog') },
    artifacts: { ...base.artifacts, dir: join(dir, 'artifacts') },
  };
  const logs = new LogSink();
  const built = await buildApp({
    config,
    replicas: [{ pool_id: 'mock', replica_id: 'mock-0', adapter: createMockAdapter() }],
    token: auth.authorization.slice(7),
    logger: createLogger({ level: 'info', destination: logs }),
    tuning: { probeIntervalMs: 30 },
  });
  await built.app.ready();
  await waitFor(() => built.dataPlane.readiness().ready, 5_000);
  const inject = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await built.app.inject({
      method,
      url,
      headers: auth,
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  };
  return { app: built.app, inject, logs };
}

describe('persistence across restarts', () => {
  it('serves the same catalog entries, states, verdicts and artifacts after a restart [ORCHD-035, ORCHD-037, HOME-009]', async () => {
    const dir = await stateDir();
    const first = await boot(dir);
    await first.inject('POST', '/v1/catalog/models', {
      id: 'mock',
      digest: 'c'.repeat(64),
      source_url: 'https://example.invalid/m',
      tags: ['t'],
    });
    await first.inject('POST', '/v1/catalog/models/mock/verify');
    await first.inject('POST', '/v1/catalog/models/mock/state', { state: 'Active' });
    const retired = await first.inject('POST', '/v1/catalog/models/mock/state', {
      state: 'Retired',
      reason: 'replaced by v2',
    });
    const parent = await first.inject('POST', '/v1/artifacts', {
      kind: 'plan',
      content: 'plan',
      tags: ['a'],
    });
    const child = await first.inject('POST', '/v1/artifacts', {
      kind: 'diff',
      content: 'diff',
      parent: parent.body.id,
      metadata: { n: 1 },
    });
    await first.app.close();

    const second = await boot(dir);
    try {
      expect(await second.inject('GET', '/v1/catalog/models/mock')).toEqual({
        status: 200,
        body: retired.body,
      });
      expect(retired.body.last_verification).toMatchObject({ result: 'fail' });
      for (const stored of [parent, child]) {
        expect(await second.inject('GET', `/v1/artifacts/${String(stored.body.id)}`)).toEqual({
          status: 200,
          body: stored.body,
        });
      }
      expect((await second.inject('POST', '/v1/tasks', taskBody())).body.code).toBe('MODEL_DEPRECATED');
      const metrics = (await second.app.inject({ method: 'GET', url: '/metrics', headers: auth })).body;
      expect(metrics).toMatch(/^model_state\{model_id="mock",state="Retired"\} 1$/m);
      const file = JSON.parse(await readFile(join(dir, 'catalog', 'mock.json'), 'utf8')) as {
        history: { to: string; reason: string | null }[];
      };
      expect(file.history.map((h) => [h.to, h.reason])).toEqual([
        ['Active', null],
        ['Retired', 'replaced by v2'],
      ]);
    } finally {
      await second.app.close();
    }
  });

  it('sweeps the temp files of interrupted writes on open [ORCHD-035]', async () => {
    const dir = await stateDir();
    await (await boot(dir)).app.close();
    await writeFile(join(dir, 'catalog', '.tmp-mock.json.1.abc'), '{"version":1,"mo');
    const again = await boot(dir);
    try {
      expect(await readdir(join(dir, 'catalog'))).toEqual([]);
      expect(
        again.logs
          .records()
          .some((r) => r.msg === 'removed unfinished catalog writes left by an earlier crash'),
      ).toBe(true);
    } finally {
      await again.app.close();
    }
  });

  it('refuses to start on a catalog file it cannot read, naming the file and the fix [ORCHD-035]', async () => {
    const dir = await stateDir();
    const first = await boot(dir);
    await first.inject('POST', '/v1/catalog/models', {
      id: 'mock',
      digest: 'c'.repeat(64),
      source_url: 'https://example.invalid/m',
    });
    await first.app.close();
    const file = join(dir, 'catalog', 'mock.json');
    await writeFile(file, (await readFile(file, 'utf8')).slice(0, 40));
    await expect(boot(dir)).rejects.toThrow(
      /catalog file .*mock\.json is unreadable \(not valid JSON\); restore it from a backup/,
    );
  });
});
