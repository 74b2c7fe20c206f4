// POOL-050: a reload that names the sha256 its model file must have. The
// files are real tiny GGUF models written by the generator; the engines are
// the llama-server simulator behind the real command line. A file whose digest
// differs is refused with a typed 400 before anything starts, the pool keeping
// its engine; the right digest swaps; and a file changed after the swap is
// caught again when its engine restarts.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyModel, type WrittenTinyModel } from '@llama-orch/engine-provision';
import { reloadAlpha, startReloadablePool, waitFor } from './support/pool-harness.js';
import type { TestPoolManagerd } from './support/pool-harness.js';

let pm: TestPoolManagerd;
let dir = '';
let next: WrittenTinyModel;
let other: WrittenTinyModel;

beforeAll(async () => {
  ({ pm, dir } = await startReloadablePool());
  next = await writeTinyModel({ kind: 'bigram', seed: 9, path: path.join(dir, 'next.gguf') });
  other = await writeTinyModel({ kind: 'random', seed: 5, path: path.join(dir, 'other.gguf') });
}, 90_000);

afterAll(async () => {
  await pm?.close();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

const reload = (body: Record<string, unknown>) => reloadAlpha(pm, body);

describe('reload with expected_digest', () => {
  it('refuses a file whose sha256 differs with 400 UNTRUSTED_ARTIFACT and leaves the pool as it was [POOL-050]', async () => {
    const before = pm.replica('alpha-0');
    const refused = await reload({ new_model_ref: next.path, expected_digest: other.sha256 });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toMatchObject({ code: 'UNTRUSTED_ARTIFACT', retriable: false, pool_id: 'alpha' });
    const message = String(refused.error?.message);
    expect(message).toContain(`sha256 of ${next.path} is ${next.sha256}`);
    expect(message).toContain(other.sha256);
    const after = pm.replica('alpha-0');
    expect([after.state, after.model_ref, after.pid]).toEqual(['Ready', 'alpha', before.pid]);
    expect((await pm.client.GET('/v1/pools/{id}', { params: { path: { id: 'alpha' } } })).data).toMatchObject(
      {
        model_ref: 'alpha',
      },
    );
  });

  it('refuses an expected_digest that is not a sha256, naming the field [POOL-050]', async () => {
    const refused = await reload({ new_model_ref: next.path, expected_digest: 'ABC' });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toMatchObject({ code: 'INVALID_PARAMS' });
    expect(String(refused.error?.message)).toContain('body.expected_digest');
  });

  it('swaps when the digest matches, and checks it again when the new engine restarts [POOL-050, POOL-010]', async () => {
    const swapped = await reload({ new_model_ref: next.path, expected_digest: next.sha256 });
    expect(swapped.response.status).toBe(200);
    expect(swapped.data).toMatchObject({ outcome: 'swapped', model_ref: next.path });
    const replica = pm.replica('alpha-0');
    expect([replica.state, replica.model_digest]).toEqual(['Ready', next.sha256]);

    // The file is replaced behind the pool's back; the crash restart must not load it.
    await writeTinyModel({ kind: 'random', seed: 5, path: next.path });
    process.kill(replica.pid ?? -1, 'SIGKILL');
    const refused = await waitFor(
      'alpha-0 to refuse the changed file',
      () => {
        const now = pm.replica('alpha-0');
        return (
          now.state !== 'Ready' && /sha256 of .* but the reload expects/.test(now.last_error ?? '') && now
        );
      },
      30_000,
    );
    expect(refused.last_error).toContain(next.sha256);
    expect(refused.last_error).toContain(other.sha256);
  }, 60_000);
});
