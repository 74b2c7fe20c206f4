// POOL-051: under `catalog.trust_policy: strict` pool-managerd itself insists on
// knowing what it loads. orchestratord only reloads catalogued, verified models
// and always sends their digest (ORCHD-074); a caller that goes around it with
// the shared token and no `expected_digest` is refused before anything starts,
// and the pool keeps serving. With the digest, the reload goes ahead as usual.
import { generateKeyPairSync } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyModel, type WrittenTinyModel } from '@llama-orch/engine-provision';
import { reloadAlpha, startReloadablePool } from './support/pool-harness.js';
import type { TestPoolManagerd } from './support/pool-harness.js';

let pm: TestPoolManagerd;
let dir = '';
let next: WrittenTinyModel;

beforeAll(async () => {
  const { publicKey } = generateKeyPairSync('ed25519');
  ({ pm, dir } = await startReloadablePool({
    trust_policy: 'strict',
    trusted_keys: [{ id: 'ops', public_key: publicKey.export({ format: 'pem', type: 'spki' }).toString() }],
  }));
  next = await writeTinyModel({ kind: 'bigram', seed: 11, path: path.join(dir, 'next.gguf') });
}, 90_000);

afterAll(async () => {
  await pm?.close();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

const reload = (body: Record<string, unknown>) => reloadAlpha(pm, body);

describe('reload under a strict trust policy', () => {
  it('refuses a reload with no expected_digest, naming the field, and keeps the engine [POOL-051]', async () => {
    const before = pm.replica('alpha-0');
    const refused = await reload({ new_model_ref: next.path });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toMatchObject({ code: 'UNTRUSTED_ARTIFACT', retriable: false, pool_id: 'alpha' });
    expect(String(refused.error?.message)).toMatch(/expected_digest.*trust_policy strict/);
    const after = pm.replica('alpha-0');
    expect([after.state, after.model_ref, after.pid]).toEqual(['Ready', 'alpha', before.pid]);
  });

  it('swaps when the reload names the file digest [POOL-051, POOL-050]', async () => {
    const swapped = await reload({ new_model_ref: next.path, expected_digest: next.sha256 });
    expect(swapped.response.status).toBe(200);
    expect(swapped.data).toMatchObject({ outcome: 'swapped', model_ref: next.path });
    expect(pm.replica('alpha-0').model_digest).toBe(next.sha256);
  }, 60_000);
});
