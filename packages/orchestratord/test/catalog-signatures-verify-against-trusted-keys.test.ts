// ORCHD-033, CFG-020, MET-023: ed25519 catalog signatures are verified, not
// just parsed. Real key pairs from node:crypto sign the UTF-8 digest of a real
// file on disk; the daemon's config trusts one public key. Under the strict
// policy a forged signature (made by another key, bit-flipped, or over another
// digest) and a signature by an untrusted key fail; a well-formed signature in
// a scheme the daemon cannot check never counts as verified. Under the
// permissive policy the same problems are warnings.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '@llama-orch/contracts';
import { buildApp, createLogger, type OrchestratordApp } from '../src/index.js';
import { auth, LogSink } from './support/harness.js';

const apps: OrchestratordApp[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.app.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const trusted = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const rawPublic = (key: KeyObject) =>
  Buffer.from(key.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64');
const ed25519 = (digest: string, privateKey: KeyObject, key_id = 'release') => ({
  scheme: 'ed25519',
  key_id,
  signature: sign(null, Buffer.from(digest, 'utf8'), privateKey).toString('base64'),
});
const spdx = { format: 'spdx', document: { spdxVersion: 'SPDX-2.3', name: 'm1' } };

async function open(trustPolicy: 'permissive' | 'strict') {
  const dir = await mkdtemp(join(tmpdir(), 'llorch-signatures-'));
  dirs.push(dir);
  await mkdir(join(dir, 'models'));
  const bytes = randomBytes(64_000);
  await writeFile(join(dir, 'models', 'm.gguf'), bytes);
  const digest = createHash('sha256').update(bytes).digest('hex');
  const config = parseConfig({
    server: { port: 0, state_dir: dir },
    pools: [{ id: 'p', model: { ref: 'm1' }, devices: 'cpu', allow_cpu_fallback: true }],
    catalog: {
      trust_policy: trustPolicy,
      trusted_keys: [
        { id: 'release', public_key: rawPublic(trusted.publicKey) },
        {
          id: 'release-pem',
          public_key: trusted.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        },
      ],
    },
  });
  const app = await buildApp({
    config,
    replicas: [],
    token: auth.authorization.slice(7),
    logger: createLogger({ level: 'warn', destination: new LogSink() }),
  });
  apps.push(app);
  const inject = async (method: 'GET' | 'POST', url: string, payload?: object) =>
    (
      await app.app.inject({ method, url, headers: auth, ...(payload === undefined ? {} : { payload }) })
    ).json<Record<string, unknown>>();
  /** Registers `id` for the file with these signatures and an SBOM, and verifies it. */
  const verdict = async (id: string, signatures: object[]) => {
    await inject('POST', '/v1/catalog/models', {
      id,
      digest,
      source_url: 'file:///models/m.gguf',
      manifests: [{ path: 'm.gguf', digest, size_bytes: bytes.length }],
      signatures,
      sbom: spdx,
    });
    return inject('POST', `/v1/catalog/models/${id}/verify`);
  };
  const metrics = async () => (await app.app.inject({ method: 'GET', url: '/metrics', headers: auth })).body;
  return { digest, inject, verdict, metrics };
}

function flipBit(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[10] = (bytes[10] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

describe('ed25519 signatures under the strict policy', () => {
  it('passes a signature over the digest by a trusted key, named by either form of the key [ORCHD-033, CFG-020]', async () => {
    const { digest, verdict, metrics } = await open('strict');
    expect(await verdict('m1', [ed25519(digest, trusted.privateKey)])).toMatchObject({
      result: 'pass',
      code: null,
      warnings: [],
      failures: [],
    });
    // Without key_id every trusted key is tried.
    const { key_id: _unused, ...anonymous } = ed25519(digest, trusted.privateKey);
    expect(await verdict('m2', [anonymous])).toMatchObject({ result: 'pass' });
    expect(await verdict('m3', [ed25519(digest, trusted.privateKey, 'release-pem')])).toMatchObject({
      result: 'pass',
    });
    expect(await metrics()).toMatch(/^catalog_verifications_total\{result="pass",reason="ok"\} 3$/m);
  });

  it('fails a well-formed signature made by another key under a trusted key id [ORCHD-033, MET-023]', async () => {
    const { digest, verdict, metrics, inject } = await open('strict');
    const forged = await verdict('m1', [ed25519(digest, stranger.privateKey)]);
    expect(forged).toMatchObject({ result: 'fail', code: 'UNTRUSTED_ARTIFACT' });
    expect(forged.failures).toEqual([
      expect.stringMatching(/ed25519 signature 1 does not verify with trusted key release/),
      expect.stringContaining('no signature verified by a trusted key'),
    ]);
    expect(await metrics()).toMatch(
      /^catalog_verifications_total\{result="fail",reason="bad_signature"\} 1$/m,
    );
    // The verdict keeps the model out of service.
    const active = await inject('POST', '/v1/catalog/models/m1/state', { state: 'Active' });
    expect(active).toMatchObject({ code: 'UNTRUSTED_ARTIFACT' });
  });

  it('fails a bit-flipped signature and a genuine signature over another digest [ORCHD-033]', async () => {
    const { digest, verdict } = await open('strict');
    const genuine = ed25519(digest, trusted.privateKey);
    const flipped = await verdict('m1', [{ ...genuine, signature: flipBit(genuine.signature) }]);
    expect(flipped).toMatchObject({ result: 'fail', code: 'UNTRUSTED_ARTIFACT' });
    const elsewhere = await verdict('m2', [ed25519('0'.repeat(64), trusted.privateKey)]);
    expect(elsewhere).toMatchObject({ result: 'fail', code: 'UNTRUSTED_ARTIFACT' });
    // One forged signature beside a genuine one still fails: every ed25519 signature must hold.
    const mixed = await verdict('m3', [genuine, ed25519(digest, stranger.privateKey)]);
    expect(mixed).toMatchObject({ result: 'fail' });
    expect(mixed.failures).toEqual([expect.stringContaining('ed25519 signature 2 does not verify')]);
  });

  it('fails a signature by a key the config does not trust, naming catalog.trusted_keys [ORCHD-033, CFG-020]', async () => {
    const { digest, verdict } = await open('strict');
    const unknown = await verdict('m1', [ed25519(digest, stranger.privateKey, 'someone-else')]);
    expect(unknown).toMatchObject({ result: 'fail', code: 'UNTRUSTED_ARTIFACT' });
    expect(String((unknown.failures as string[])[0])).toMatch(
      /names key someone-else, which is not in catalog\.trusted_keys \(trusted: release, release-pem\)/,
    );
  });

  it('does not count a well-formed signature in a scheme it cannot verify [ORCHD-033]', async () => {
    const { verdict } = await open('strict');
    const minisign = `untrusted comment: x\n${Buffer.concat([Buffer.from('Ed'), randomBytes(72)]).toString('base64')}\n`;
    const unchecked = await verdict('m1', [{ scheme: 'minisign', signature: minisign }]);
    expect(unchecked).toMatchObject({ result: 'fail', code: 'UNTRUSTED_ARTIFACT' });
    expect(unchecked.failures).toEqual([expect.stringContaining('no signature verified by a trusted key')]);
    expect(unchecked.warnings).toEqual([
      expect.stringContaining('minisign signature 1 is checked for form only'),
    ]);
  });
});

describe('ed25519 signatures under the permissive policy', () => {
  it('passes a genuine signature and only warns about a forged or untrusted one [ORCHD-033, MET-023]', async () => {
    const { digest, verdict, metrics } = await open('permissive');
    expect(await verdict('m1', [ed25519(digest, trusted.privateKey)])).toMatchObject({ result: 'pass' });
    const forged = await verdict('m2', [ed25519(digest, stranger.privateKey)]);
    expect(forged).toMatchObject({ result: 'warn', code: null, failures: [] });
    expect(forged.warnings).toEqual([expect.stringContaining('ed25519 signature 1 does not verify')]);
    const unknown = await verdict('m3', [ed25519(digest, stranger.privateKey, 'nobody')]);
    expect(unknown).toMatchObject({ result: 'warn', failures: [] });
    expect(await metrics()).toMatch(
      /^catalog_verifications_total\{result="warn",reason="bad_signature"\} 2$/m,
    );
  });

  it('still fails a signature that is not even well formed [ORCHD-033]', async () => {
    const { verdict } = await open('permissive');
    const short = await verdict('m1', [{ scheme: 'ed25519', signature: randomBytes(40).toString('base64') }]);
    expect(short).toMatchObject({ result: 'fail', code: 'UNTRUSTED_ARTIFACT' });
    expect(short.failures).toEqual([expect.stringContaining('64-byte')]);
  });
});
