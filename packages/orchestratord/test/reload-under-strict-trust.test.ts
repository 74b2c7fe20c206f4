// ORCHD-074, POOL-050: under the strict trust policy a reload cannot bypass
// the catalog. orchestratord over pool-managerd as the product wires them, real
// HTTP, engines from the llama-server simulator behind the real command line,
// and real GGUF files that pool-managerd's tiny-model generator writes at boot.
// An uncatalogued ref (an absolute .gguf path included) and a catalogued but
// unverified model are refused before pool-managerd is asked; a verified model
// swaps; and because the catalog's digest travels with the reload, a file
// replaced after its verification is refused by pool-managerd, not loaded.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@llama-orch/contracts';
import { createLogger } from '../src/index.js';
import { call } from './support/client.js';
import { LogSink, TOKEN, waitFor } from './support/harness.js';
import { startLocalDaemon, type LocalDaemon } from './support/local-daemon.js';

const FAKE_LLAMA_SERVER = fileURLToPath(
  new URL('../../pool-managerd/test/fixtures/fake-llama-server', import.meta.url),
);
const signer = generateKeyPairSync('ed25519');
const pool = (id: string, ref: string, generate: { kind: string; seed: number }) => ({
  id,
  model: { ref, generate },
  devices: 'cpu',
  allow_cpu_fallback: true,
  ctx: 256,
  launch: { binary: FAKE_LLAMA_SERVER },
});

let dir = '';
let running: LocalDaemon | undefined;
let url = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orchd-strict-reload-'));
  const config = parseConfig({
    server: { port: 0, state_dir: dir },
    pool_manager: { port: 0 },
    catalog: {
      trust_policy: 'strict',
      trusted_keys: [
        { id: 'release', public_key: signer.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
      ],
    },
    // The spare pool is here so its model file exists: a real GGUF written at boot.
    pools: [
      pool('chat', 'tiny-bigram', { kind: 'bigram', seed: 42 }),
      pool('spare', 'tiny-random', { kind: 'random', seed: 7 }),
    ],
  });
  const logger = createLogger({ level: 'warn', destination: new LogSink(), secrets: [TOKEN] });
  running = await startLocalDaemon(config, { logger });
  url = running.daemon.url;
  await waitFor(() => running?.link.replica('spare-0')?.state === 'Ready', 60_000, 50);
  await waitFor(() => running?.link.replica('chat-0')?.state === 'Ready', 60_000, 50);
}, 90_000);

afterAll(async () => {
  await running?.stop();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

const models = (name: string) => join(dir, 'models', name);
const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
const reload = (body: Record<string, unknown>) => call(url, 'POST', '/v1/pools/chat/reload', body);
const chat = () => running?.link.replica('chat-0');

/** Registers `id` for models/<file> with a real signature and an SBOM; verifies it when asked. */
async function register(id: string, file: string, verify: boolean): Promise<string> {
  const bytes = await readFile(models(file));
  const digest = createHash('sha256').update(bytes).digest('hex');
  const created = await call(url, 'POST', '/v1/catalog/models', {
    id,
    digest,
    source_url: `https://models.example/${file}`,
    manifests: [{ path: file, digest, size_bytes: bytes.length }],
    signatures: [
      {
        scheme: 'ed25519',
        key_id: 'release',
        signature: sign(null, Buffer.from(digest), signer.privateKey).toString('base64'),
      },
    ],
    sbom: { format: 'spdx', document: { spdxVersion: 'SPDX-2.3', name: id } },
  });
  expect(created.status).toBe(201);
  if (verify)
    expect((await call(url, 'POST', `/v1/catalog/models/${id}/verify`)).body).toMatchObject({
      result: 'pass',
    });
  return digest;
}

describe('reload under the strict trust policy', () => {
  it('refuses a model ref the catalog does not list, an absolute .gguf path included, before pool-managerd is asked [ORCHD-074]', async () => {
    const pid = chat()?.pid;
    const path = models('tiny-random.gguf');
    for (const ref of [path, 'tiny-random']) {
      const refused = await reload({ new_model_ref: ref });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'UNTRUSTED_ARTIFACT', retriable: false });
      expect(String(refused.body.message)).toContain(`${ref} is not in the catalog`);
      expect(String(refused.body.message)).toContain('POST /v1/catalog/models');
    }
    // Even with the right digest: only the catalog vouches for a file under strict.
    const withDigest = await reload({ new_model_ref: path, expected_digest: await sha256(path) });
    expect(withDigest.body).toMatchObject({ code: 'UNTRUSTED_ARTIFACT' });
    expect([chat()?.state, chat()?.model_ref, chat()?.pid]).toEqual(['Ready', 'tiny-bigram', pid]);
  });

  it('refuses a catalogued model that was never verified, saying how to verify it [ORCHD-074]', async () => {
    await register('unverified', 'tiny-random.gguf', false);
    const refused = await reload({ new_model_ref: 'unverified' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'UNTRUSTED_ARTIFACT' });
    expect(String(refused.body.message)).toContain('POST /v1/catalog/models/unverified/verify');
    expect(chat()?.model_ref).toBe('tiny-bigram');
  });

  it('refuses a client expected_digest that differs from the catalog entry [ORCHD-074]', async () => {
    await register('vetted-a', 'tiny-random.gguf', true);
    const refused = await reload({ new_model_ref: 'vetted-a', expected_digest: 'e'.repeat(64) });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'UNTRUSTED_ARTIFACT' });
    expect(String(refused.body.message)).toContain('differs from the digest catalog entry vetted-a');
  });

  it('sends the catalog digest, so a file replaced after verification is refused by pool-managerd and not loaded [ORCHD-074, POOL-050]', async () => {
    await copyFile(models('tiny-random.gguf'), models('swapped-later.gguf'));
    const digest = await register('swapped-later', 'swapped-later.gguf', true);
    await copyFile(models('tiny-bigram.gguf'), models('swapped-later.gguf'));
    const pid = chat()?.pid;
    const refused = await reload({ new_model_ref: 'swapped-later' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'UNTRUSTED_ARTIFACT', pool_id: 'chat' });
    expect(String(refused.body.message)).toMatch(
      new RegExp(`sha256 of .*swapped-later\\.gguf is [0-9a-f]{64} but .* expects ${digest}`),
    );
    expect([chat()?.state, chat()?.model_ref, chat()?.pid]).toEqual(['Ready', 'tiny-bigram', pid]);
  });

  it('swaps onto a catalogued model whose verification passed, serving the catalogued file [ORCHD-074, ORCHD-043]', async () => {
    await copyFile(models('tiny-random.gguf'), models('vetted.gguf'));
    const digest = await register('vetted', 'vetted.gguf', true);
    const swapped = await reload({ new_model_ref: 'vetted' });
    expect(swapped.status).toBe(200);
    expect(swapped.body).toMatchObject({ outcome: 'swapped', model_ref: 'vetted' });
    expect([chat()?.state, chat()?.model_digest]).toEqual(['Ready', digest]);
  }, 60_000);
});
