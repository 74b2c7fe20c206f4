// Model verification: the digest of real files on disk (streamed, with
// progress in the log), signature and SBOM presence and form, and the trust
// policy that turns a missing one from a warning into a failure. Signatures
// made with real keys are covered in catalog-signatures-verify-against-trusted-keys.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { buildApp, createLogger, type OrchestratordApp } from '../src/index.js';
import { createModelVerifier } from '../src/control/model-verifier.js';
import { auth, harnessConfig, LogSink } from './support/harness.js';

const apps: OrchestratordApp[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.app.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A state dir holding one model file under models/; returns its digest. */
async function stateWithModel(bytes = randomBytes(300_000)) {
  const dir = await mkdtemp(join(tmpdir(), 'llorch-verify-'));
  dirs.push(dir);
  await mkdir(join(dir, 'models'));
  await writeFile(join(dir, 'models', 'm.gguf'), bytes);
  return { dir, digest: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

async function open(dir: string, trustPolicy: 'permissive' | 'strict', modelPath?: string) {
  const base = harnessConfig({ pools: [{ id: 'mock', replicas: [createMockAdapter()] }] });
  const pools = base.pools.map((p) => ({
    ...p,
    model: { ...p.model, ref: 'm1', ...(modelPath ? { path: modelPath } : {}) },
  }));
  const config = {
    ...base,
    pools,
    server: { ...base.server, state_dir: dir },
    catalog: { dir: join(dir, 'catalog'), trust_policy: trustPolicy, trusted_keys: [trustedKey] },
    artifacts: { ...base.artifacts, dir: join(dir, 'artifacts') },
  };
  const logs = new LogSink();
  const app = await buildApp({
    config,
    replicas: [],
    token: auth.authorization.slice(7),
    logger: createLogger({ level: 'info', destination: logs }),
  });
  apps.push(app);
  const inject = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await app.app.inject({
      method,
      url,
      headers: auth,
      ...(payload === undefined ? {} : { payload }),
    });
    return res.json<Record<string, unknown>>();
  };
  const metrics = async () => (await app.app.inject({ method: 'GET', url: '/metrics', headers: auth })).body;
  return { inject, metrics, logs };
}

const signer = generateKeyPairSync('ed25519');
const trustedKey = {
  id: 'release',
  public_key: signer.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
};
/** A real signature over the digest by the trusted key. */
const signed = (digest: string) => ({
  scheme: 'ed25519',
  key_id: 'release',
  signature: sign(null, Buffer.from(digest), signer.privateKey).toString('base64'),
});
const spdx = { format: 'spdx', document: { spdxVersion: 'SPDX-2.3', name: 'm1' } };

function entry(digest: string, size: number, extra: Record<string, unknown> = {}) {
  return {
    id: 'm1',
    digest,
    source_url: 'file:///models/m.gguf',
    manifests: [{ path: 'm.gguf', digest, size_bytes: size }],
    ...extra,
  };
}

describe('model verification', () => {
  it('passes a matching file with a verified signature and an SBOM, and stores the verdict [ORCHD-033, ORCHD-032]', async () => {
    const { dir, digest, size } = await stateWithModel();
    const { inject, metrics } = await open(dir, 'strict');
    await inject(
      'POST',
      '/v1/catalog/models',
      entry(digest, size, { signatures: [signed(digest)], sbom: spdx }),
    );
    const verdict = await inject('POST', '/v1/catalog/models/m1/verify');
    expect(verdict).toMatchObject({
      model_id: 'm1',
      result: 'pass',
      code: null,
      trust_policy: 'strict',
      warnings: [],
      failures: [],
    });
    expect((await inject('GET', '/v1/catalog/models/m1')).last_verification).toEqual(verdict);
    expect(await metrics()).toMatch(/^catalog_verifications_total\{result="pass",reason="ok"\} 1$/m);
  });

  it('warns about a missing signature and SBOM under the permissive policy [ORCHD-033, MET-023]', async () => {
    const { dir, digest, size } = await stateWithModel();
    const { inject, metrics, logs } = await open(dir, 'permissive');
    await inject('POST', '/v1/catalog/models', entry(digest, size));
    const verdict = await inject('POST', '/v1/catalog/models/m1/verify');
    expect(verdict).toMatchObject({
      result: 'warn',
      code: null,
      warnings: ['no signature', 'no SBOM'],
      failures: [],
    });
    expect(await metrics()).toMatch(
      /^catalog_verifications_total\{result="warn",reason="missing_signature"\} 1$/m,
    );
    const done = logs.records().find((r) => r.msg === 'model digest done');
    expect(done).toMatchObject({ model_id: 'm1', size_bytes: size });
  });

  it('fails the same entry under the strict policy with UNTRUSTED_ARTIFACT [ORCHD-033]', async () => {
    const { dir, digest, size } = await stateWithModel();
    const { inject } = await open(dir, 'strict');
    await inject(
      'POST',
      '/v1/catalog/models',
      entry(digest, size, { sbom: { format: 'cyclonedx', document: { nope: 1 } } }),
    );
    const verdict = await inject('POST', '/v1/catalog/models/m1/verify');
    expect(verdict).toMatchObject({ result: 'fail', code: 'UNTRUSTED_ARTIFACT', warnings: [] });
    expect(verdict.failures).toEqual(['no signature', expect.stringContaining('not a CycloneDX document')]);
  });

  it('fails a digest or size mismatch and an unreadable file even under the permissive policy [ORCHD-033, MET-023]', async () => {
    const { dir, digest, size } = await stateWithModel();
    const { inject, metrics } = await open(dir, 'permissive');
    const wrong = 'f'.repeat(64);
    await inject(
      'POST',
      '/v1/catalog/models',
      entry(wrong, size, { manifests: [{ path: 'm.gguf', digest: wrong, size_bytes: size }] }),
    );
    const mismatch = await inject('POST', '/v1/catalog/models/m1/verify');
    expect(mismatch).toMatchObject({ result: 'fail', code: 'UNTRUSTED_ARTIFACT' });
    expect(String((mismatch.failures as string[])[0])).toContain(`sha256 is ${digest}`);
    await inject('POST', '/v1/catalog/models', { ...entry(digest, size + 1), id: 'm2' });
    expect(
      String(((await inject('POST', '/v1/catalog/models/m2/verify')).failures as string[])[0]),
    ).toContain('bytes on disk');
    await inject('POST', '/v1/catalog/models', {
      ...entry(digest, size),
      id: 'm3',
      manifests: [{ path: 'gone.gguf', digest, size_bytes: 1 }],
    });
    expect(
      String(((await inject('POST', '/v1/catalog/models/m3/verify')).failures as string[])[0]),
    ).toContain('ENOENT');
    const text = await metrics();
    expect(text).toMatch(/^catalog_verifications_total\{result="fail",reason="digest_mismatch"\} 2$/m);
    expect(text).toMatch(/^catalog_verifications_total\{result="fail",reason="source_unreachable"\} 1$/m);
  });

  it("checks the model.path of a pool serving the model against the entry's digest [ORCHD-033]", async () => {
    const { dir, digest } = await stateWithModel();
    const { inject } = await open(dir, 'permissive', join(dir, 'models', 'm.gguf'));
    await inject('POST', '/v1/catalog/models', { id: 'm1', digest, source_url: 'file:///m.gguf' });
    expect(await inject('POST', '/v1/catalog/models/m1/verify')).toMatchObject({
      result: 'warn',
      failures: [],
    });
    await inject('POST', '/v1/catalog/models', { id: 'other', digest, source_url: 'file:///m.gguf' });
    const unlocated = await inject('POST', '/v1/catalog/models/other/verify');
    expect(String((unlocated.failures as string[])[0])).toContain('no local file');
  });

  it('streams the digest of a large file and logs its progress [ORCHD-033]', async () => {
    const { dir, digest, size } = await stateWithModel(randomBytes(4 * 1024 * 1024));
    const logs = new LogSink();
    const verifier = createModelVerifier({
      modelsDir: join(dir, 'models'),
      pools: [],
      trustedKeys: [],
      logger: createLogger({ level: 'info', destination: logs }),
      now: () => 1,
      progressEveryBytes: 1024 * 1024,
    });
    const model = {
      ...entry(digest, size),
      tags: [],
      signatures: [],
      sbom: null,
      trust_policy: 'permissive' as const,
      state: 'Draft' as const,
      created_at_ms: 0,
      updated_at_ms: 0,
      last_verification: null,
    };
    const verdict = await verifier.verify(model, new AbortController().signal);
    expect(verdict.result.failures).toEqual([]);
    const progress = logs.records().filter((r) => r.msg === 'model digest progress');
    expect(progress.map((r) => r.percent)).toEqual([25, 50, 75, 100]);
    const aborted = new AbortController();
    aborted.abort(new Error('closing'));
    await expect(verifier.verify(model, aborted.signal)).rejects.toThrow('closing');
  });
});
