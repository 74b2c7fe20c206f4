// Catalog registration, reads, lifecycle states and the admission refusal of
// retired models, through buildApp + inject against a real catalog directory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { buildApp, createLogger, type OrchestratordApp } from '../src/index.js';
import { auth, harnessConfig, LogSink, taskBody, waitFor } from './support/harness.js';

const DIGEST = 'a'.repeat(64);
const apps: OrchestratordApp[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.app.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function open(trustPolicy: 'permissive' | 'strict' = 'permissive') {
  const dir = await mkdtemp(join(tmpdir(), 'llorch-catalog-'));
  dirs.push(dir);
  const base = harnessConfig({ pools: [{ id: 'mock', replicas: [createMockAdapter()] }] });
  const config = {
    ...base,
    server: { ...base.server, state_dir: dir },
    catalog: { ...base.catalog, dir: join(dir, 'catalog'), trust_policy: trustPolicy },
    artifacts: { ...base.artifacts, dir: join(dir, 'artifacts') },
  };
  const app = await buildApp({
    config,
    replicas: [{ pool_id: 'mock', replica_id: 'mock-0', adapter: createMockAdapter() }],
    token: auth.authorization.slice('Bearer '.length),
    logger: createLogger({ level: 'info', destination: new LogSink() }),
    tuning: { probeIntervalMs: 50 },
  });
  apps.push(app);
  await app.app.ready();
  await waitFor(() => app.dataPlane.readiness().ready, 5_000);
  const inject = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const res = await app.app.inject({
      method,
      url,
      headers: auth,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  };
  const metrics = async () => (await app.app.inject({ method: 'GET', url: '/metrics', headers: auth })).body;
  return { app, inject, metrics };
}

const model = (id = 'mock', extra: Record<string, unknown> = {}) => ({
  id,
  digest: DIGEST,
  source_url: 'https://example.invalid/mock.gguf',
  ...extra,
});

describe('catalog registration and reads', () => {
  it('registers a model as Draft (201), repeats idempotently (200) and refuses another digest (409) [ORCHD-031]', async () => {
    const { inject } = await open();
    const first = await inject('POST', '/v1/catalog/models', model('m1', { tags: ['chat'] }));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      id: 'm1',
      state: 'Draft',
      tags: ['chat'],
      manifests: [],
      signatures: [],
      sbom: null,
    });
    expect(first.body).toMatchObject({ trust_policy: 'permissive', last_verification: null });
    const again = await inject('POST', '/v1/catalog/models', model('m1', { tags: ['chat'] }));
    expect(again).toEqual({ status: 200, body: first.body });
    const conflict = await inject('POST', '/v1/catalog/models', { ...model('m1'), digest: 'b'.repeat(64) });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ code: 'INVALID_PARAMS', retriable: false });
    expect(String(conflict.body.message)).toContain('new id');
  });

  it('returns the stored entry by id and answers 404 for an unknown one [ORCHD-032]', async () => {
    const { inject } = await open();
    const created = await inject('POST', '/v1/catalog/models', model('m1'));
    expect(await inject('GET', '/v1/catalog/models/m1')).toEqual({ status: 200, body: created.body });
    const missing = await inject('GET', '/v1/catalog/models/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
  });

  it('refuses malformed entries naming the field, including manifest paths that leave the models dir [ORCHD-031]', async () => {
    const { inject } = await open();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...model(), extra: 1 }, 'body.extra'],
      [{ ...model(), digest: 'XYZ' }, 'body.digest'],
      [{ ...model(), id: '../etc' }, 'body.id'],
      [{ ...model(), source_url: 'not a url' }, 'body.source_url'],
      [
        { ...model(), manifests: [{ path: '../../secret', digest: DIGEST, size_bytes: 1 }] },
        'body.manifests[0].path',
      ],
      [{ ...model(), trust_policy: 'lax' }, 'body.trust_policy'],
    ];
    for (const [body, field] of cases) {
      const res = await inject('POST', '/v1/catalog/models', body);
      expect(res.status, field).toBe(400);
      expect(String(res.body.message)).toContain(field);
    }
  });
});

describe('catalog lifecycle', () => {
  it('moves between states, refuses unknown states and transitions, and publishes model_state [ORCHD-034, MET-024]', async () => {
    const { inject, metrics } = await open();
    await inject('POST', '/v1/catalog/models', model('m1'));
    expect(await metrics()).toMatch(/^model_state\{model_id="m1",state="Draft"\} 1$/m);
    const active = await inject('POST', '/v1/catalog/models/m1/state', {
      state: 'Active',
      reason: 'canary passed',
    });
    expect(active.body).toMatchObject({ id: 'm1', state: 'Active' });
    expect(await inject('POST', '/v1/catalog/models/m1/state', { state: 'Bogus' })).toMatchObject({
      status: 400,
    });
    expect((await inject('POST', '/v1/catalog/models/m1/state', { state: 'Retired' })).body.state).toBe(
      'Retired',
    );
    const back = await inject('POST', '/v1/catalog/models/m1/state', { state: 'Active' });
    expect(back.status).toBe(400);
    expect(String(back.body.message)).toContain('from Retired it may move to Draft');
    const text = await metrics();
    expect(text).toMatch(/^model_state\{model_id="m1",state="Retired"\} 1$/m);
    for (const state of ['Draft', 'Canary', 'Active', 'Deprecated']) {
      expect(text).toMatch(new RegExp(`^model_state\\{model_id="m1",state="${state}"\\} 0$`, 'm'));
    }
    expect((await inject('POST', '/v1/catalog/models/nope/state', { state: 'Active' })).status).toBe(404);
  });

  it('refuses tasks for Retired and Deprecated models before enqueue, and admits them again once Active [ORCHD-002, MET-016]', async () => {
    const { inject, metrics, app } = await open();
    await inject('POST', '/v1/catalog/models', model('mock'));
    for (const state of ['Deprecated', 'Retired'] as const) {
      await inject('POST', '/v1/catalog/models/mock/state', { state: 'Active' });
      await inject('POST', '/v1/catalog/models/mock/state', { state });
      const refused = await inject('POST', '/v1/tasks', taskBody());
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'MODEL_DEPRECATED', retriable: false });
      expect(String(refused.body.message)).toContain(state);
      if (state === 'Retired') await inject('POST', '/v1/catalog/models/mock/state', { state: 'Draft' });
    }
    expect(app.dataPlane.taskCount()).toBe(0);
    expect(await metrics()).toMatch(
      /^tasks_rejected_total\{engine="llamacpp",reason="MODEL_DEPRECATED"\} 2$/m,
    );
    await inject('POST', '/v1/catalog/models/mock/state', { state: 'Active' });
    expect((await inject('POST', '/v1/tasks', taskBody())).status).toBe(202);
    // A model the catalog does not list is the data plane's business, not the catalog's.
    expect((await inject('POST', '/v1/tasks', taskBody({ model_ref: 'unlisted' }))).body.code).not.toBe(
      'MODEL_DEPRECATED',
    );
  });

  it('under a strict policy keeps an unverified model out of Active and refuses tasks once it failed verification [ORCHD-002, ORCHD-033]', async () => {
    const { inject } = await open('strict');
    const created = await inject('POST', '/v1/catalog/models', model('mock', { trust_policy: 'permissive' }));
    expect(created.body.trust_policy).toBe('strict'); // an entry cannot loosen the deployment policy
    const early = await inject('POST', '/v1/catalog/models/mock/state', { state: 'Active' });
    expect(early.status).toBe(400);
    expect(early.body.code).toBe('UNTRUSTED_ARTIFACT');
    const verdict = await inject('POST', '/v1/catalog/models/mock/verify');
    expect(verdict.body).toMatchObject({ result: 'fail', code: 'UNTRUSTED_ARTIFACT' });
    expect((await inject('POST', '/v1/catalog/models/mock/state', { state: 'Active' })).body.code).toBe(
      'UNTRUSTED_ARTIFACT',
    );
    const refused = await inject('POST', '/v1/tasks', taskBody());
    expect(refused).toMatchObject({ status: 400, body: { code: 'UNTRUSTED_ARTIFACT' } });
  });
});
