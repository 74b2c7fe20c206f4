// DET-007: a replica set (one pool's replicas) pins engine_version,
// model_digest and sampler_profile_version. Replicas that disagree on any of
// them are never served as one set, and a request naming a sampler profile the
// set does not pin is refused with the typed POOL_UNAVAILABLE error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { auth, buildTestApp, taskBody, type LogSink } from './support/harness.js';
import type { OrchestratordApp } from '../src/index.js';

const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;
const replica = (engineVersion: string, modelDigest: string | null) =>
  createMockAdapter({ tokenDelayMs: 1, engineVersion, modelDigest });

let built: OrchestratordApp & { logs: LogSink };
beforeAll(async () => {
  built = await buildTestApp({
    pools: [
      { id: 'pinned', replicas: [replica('b100', DIGEST_A), replica('b100', DIGEST_A)] },
      { id: 'two-builds', replicas: [replica('b100', DIGEST_A), replica('b200', DIGEST_A)] },
      { id: 'two-weights', replicas: [replica('b100', DIGEST_A), replica('b100', DIGEST_B)] },
      { id: 'unknown-weights', replicas: [replica('b100', DIGEST_A), replica('b100', null)] },
    ],
  });
});
afterAll(async () => built.app.close());

async function submit(overrides: Record<string, unknown>) {
  const res = await built.app.inject({
    method: 'POST',
    url: '/v1/tasks',
    headers: { ...auth, 'content-type': 'application/json' },
    payload: JSON.stringify(taskBody(overrides)),
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}

describe('replica set pinning', () => {
  it('serves a set whose replicas agree on engine_version, model_digest and sampler profile [DET-007]', async () => {
    expect((await submit({ model_ref: 'pinned' })).status).toBe(202);
    expect((await submit({ model_ref: 'pinned', sampler_profile_version: 'default-v1' })).status).toBe(202);
  });

  it.each([
    ['two-builds', 'engine_version'],
    ['two-weights', 'model_digest'],
    ['unknown-weights', 'model_digest'],
  ])('never places work on %s, whose replicas differ in %s [DET-007, CORE-026]', async (pool, field) => {
    const refused = await submit({ model_ref: pool });
    expect(refused.status).toBe(503);
    // Retriable: a reload's swap passes through a mixed set for a moment; never placed on.
    expect(refused.body).toMatchObject({ code: 'POOL_UNAVAILABLE', retriable: true });
    expect(String(refused.body.message)).toContain(field);
    expect(built.dataPlane.queueDepth(pool).total).toBe(0);
  });

  it.each(['det-v1', 'unpublished-v9'])(
    "refuses a request naming sampler profile %s, which the set does not pin, as the client's to fix [DET-007] [ORCHD-072]",
    async (profile) => {
      const refused = await submit({ model_ref: 'pinned', sampler_profile_version: profile });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'INVALID_PARAMS', retriable: false });
      expect(String(refused.body.message)).toContain(`sampler_profile_version ${profile}`);
      // It says what would be accepted: the pool's profile, or the published ones.
      expect(String(refused.body.message)).toMatch(/default-v1/);
    },
  );
});
