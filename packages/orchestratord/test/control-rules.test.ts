// The control plane's pure rules and small building blocks, without a daemon:
// canonical JSON, the lifecycle table, reload decisions, signature form checks, the per-key
// lock and the atomic write.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CatalogModel, ModelState } from '@llama-orch/contracts';
import { writeFileAtomic } from '../src/control/atomic-file.js';
import { canonicalJson } from '../src/control/canonical-json.js';
import { createKeyedLock } from '../src/control/keyed-lock.js';
import {
  admissionRefusal,
  MODEL_STATES,
  reloadDecision,
  transitionRefusal,
} from '../src/control/model-lifecycle.js';
import { signatureProblem } from '../src/control/signature-check.js';

const model = (state: ModelState, extra: Partial<CatalogModel> = {}): CatalogModel => ({
  id: 'm',
  digest: 'a'.repeat(64),
  source_url: 'https://example.invalid/m',
  tags: [],
  manifests: [],
  signatures: [],
  sbom: null,
  trust_policy: 'permissive',
  state,
  created_at_ms: 0,
  updated_at_ms: 0,
  last_verification: null,
  ...extra,
});

describe('canonical JSON', () => {
  it('sorts keys at every depth, writes no whitespace and keeps "__proto__" as data [ORCHD-036]', () => {
    const parsed = JSON.parse('{"b":[{"y":1,"x":"é"}],"__proto__":{"z":null},"a":1.5}') as unknown;
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"z":null},"a":1.5,"b":[{"x":"é","y":1}]}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/no JSON form/);
    expect(() => canonicalJson({ u: undefined })).toThrow(/no JSON form/);
  });
});

describe('model lifecycle', () => {
  it('allows exactly the documented transitions and treats a same-state move as a no-op [ORCHD-034]', () => {
    const allowed = MODEL_STATES.flatMap((from) =>
      MODEL_STATES.filter((to) => from !== to && transitionRefusal(model(from), to) === undefined).map(
        (to) => `${from}>${to}`,
      ),
    );
    expect(allowed).toEqual([
      'Draft>Canary',
      'Draft>Active',
      'Draft>Retired',
      'Canary>Draft',
      'Canary>Active',
      'Canary>Deprecated',
      'Canary>Retired',
      'Active>Canary',
      'Active>Deprecated',
      'Active>Retired',
      'Deprecated>Active',
      'Deprecated>Retired',
      'Retired>Draft',
    ]);
    for (const state of MODEL_STATES) expect(transitionRefusal(model(state), state)).toBeUndefined();
  });

  it('refuses Deprecated and Retired models at admission, and strict models whose verification failed [ORCHD-002]', () => {
    expect(MODEL_STATES.filter((s) => admissionRefusal(model(s)) !== undefined)).toEqual([
      'Deprecated',
      'Retired',
    ]);
    expect(admissionRefusal(model('Retired'))?.code).toBe('MODEL_DEPRECATED');
    const failed = {
      model_id: 'm',
      result: 'fail' as const,
      code: 'UNTRUSTED_ARTIFACT' as const,
      trust_policy: 'strict' as const,
      warnings: [],
      failures: ['no signature'],
      checked_at_ms: 1,
    };
    expect(
      admissionRefusal(model('Active', { trust_policy: 'strict', last_verification: failed }))?.code,
    ).toBe('UNTRUSTED_ARTIFACT');
    expect(
      admissionRefusal(model('Active', { last_verification: { ...failed, trust_policy: 'permissive' } })),
    ).toBeUndefined();
  });
});

describe('reload decisions', () => {
  const verdict = (result: 'pass' | 'warn' | 'fail', trust_policy: 'permissive' | 'strict') => ({
    model_id: 'm',
    result,
    code: result === 'fail' ? ('UNTRUSTED_ARTIFACT' as const) : null,
    trust_policy,
    warnings: [],
    failures: [],
    checked_at_ms: 1,
  });
  const refused = (decision: ReturnType<typeof reloadDecision>) =>
    'refusal' in decision ? decision.refusal.code : undefined;

  it('passes uncatalogued refs through under the permissive policy, with the client digest if any [ORCHD-074]', () => {
    expect(reloadDecision('/models/x.gguf', undefined, 'permissive', undefined)).toEqual({
      expectedDigest: undefined,
    });
    expect(reloadDecision('/models/x.gguf', undefined, 'permissive', 'b'.repeat(64))).toEqual({
      expectedDigest: 'b'.repeat(64),
    });
    expect(refused(reloadDecision('/models/x.gguf', undefined, 'strict', undefined))).toBe(
      'UNTRUSTED_ARTIFACT',
    );
  });

  it('sends the catalog digest for a catalogued model and refuses a client digest that differs [ORCHD-074]', () => {
    expect(reloadDecision('m', model('Draft'), 'permissive', undefined)).toEqual({
      expectedDigest: 'a'.repeat(64),
    });
    expect(refused(reloadDecision('m', model('Draft'), 'permissive', 'b'.repeat(64)))).toBe(
      'UNTRUSTED_ARTIFACT',
    );
    expect(refused(reloadDecision('m', model('Retired'), 'permissive', undefined))).toBe('MODEL_DEPRECATED');
  });

  it('under strict needs a verification that passed, or warned while itself strict [ORCHD-074]', () => {
    const cases = [
      [null, 'UNTRUSTED_ARTIFACT'],
      [verdict('fail', 'strict'), 'UNTRUSTED_ARTIFACT'],
      [verdict('warn', 'permissive'), 'UNTRUSTED_ARTIFACT'],
      [verdict('warn', 'strict'), undefined],
      [verdict('pass', 'permissive'), undefined],
    ] as const;
    for (const [last_verification, code] of cases) {
      expect(refused(reloadDecision('m', model('Active', { last_verification }), 'strict', undefined))).toBe(
        code,
      );
      // An entry that is strict itself gets the same treatment under a permissive deployment.
      const strictEntry = model('Active', { trust_policy: 'strict', last_verification });
      expect(refused(reloadDecision('m', strictEntry, 'permissive', undefined))).toBe(code);
    }
  });
});

describe('signature form', () => {
  it('accepts well-formed minisign, gpg, ed25519 and base64 signatures and names what is wrong otherwise [ORCHD-033]', () => {
    const line = Buffer.concat([Buffer.from('Ed'), randomBytes(72)]).toString('base64');
    expect(signatureProblem('minisign', `untrusted comment: x\n${line}\ntrusted comment: y`)).toBeUndefined();
    expect(signatureProblem('minisign', randomBytes(74).toString('hex'))).toContain('74-byte');
    expect(
      signatureProblem('gpg', '-----BEGIN PGP SIGNATURE-----\niQE\n-----END PGP SIGNATURE-----'),
    ).toBeUndefined();
    expect(signatureProblem('gpg', 'iQEzBAABCAAdFiEE')).toContain('ASCII-armored');
    expect(signatureProblem('cosign', randomBytes(70).toString('base64'))).toBeUndefined();
    expect(signatureProblem('cosign', 'not base64 at all!')).toContain('base64');
    expect(signatureProblem('ed25519', randomBytes(64).toString('base64'))).toBeUndefined();
    expect(signatureProblem('ed25519', randomBytes(70).toString('base64'))).toContain('64-byte');
  });
});

describe('building blocks', () => {
  it('runs work on one key one at a time, in order, even after a failure', async () => {
    const lock = createKeyedLock();
    const log: string[] = [];
    const step = (name: string, ms: number, fail = false) =>
      lock.run('k', async () => {
        log.push(`${name}>`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`<${name}`);
        if (fail) throw new Error(name);
      });
    const results = await Promise.allSettled([
      step('a', 20, true),
      step('b', 1),
      lock.run('other', async () => log.push('other')),
      step('c', 1),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(log.filter((e) => e !== 'other')).toEqual(['a>', '<a', 'b>', '<b', 'c>', '<c']);
    expect(log.indexOf('other')).toBeLessThan(log.indexOf('<a'));
  });

  it('replaces a file atomically and leaves no temp file behind [ORCHD-035]', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llorch-atomic-'));
    try {
      const file = join(dir, 'x.json');
      await writeFileAtomic(file, 'one');
      await writeFileAtomic(file, 'two');
      expect(await readFile(file, 'utf8')).toBe('two');
      expect(await readdir(dir)).toEqual(['x.json']);
      await expect(writeFileAtomic(join(dir, 'missing', 'y.json'), 'z')).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
