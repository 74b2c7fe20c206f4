// CFG-020: the catalog's trusted signing keys. Real key pairs from node:crypto
// in both written forms; a strict policy without keys, a key of another type,
// a short key and a repeated id are refused when the config is loaded.
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, ed25519PublicKey, parseConfig } from '@llama-orch/contracts';

const pools = [{ id: 'p', model: { ref: 'm' } }];

function issuesOf(value: unknown): ConfigError['issues'] {
  try {
    parseConfig(value);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

function ed25519() {
  const pair = generateKeyPairSync('ed25519');
  const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const raw = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64');
  return { ...pair, pem, raw };
}

describe('catalog.trusted_keys', () => {
  it('accepts Ed25519 keys as PEM or base64 of the raw 32 bytes, and both verify the same signature [CFG-020]', () => {
    const key = ed25519();
    const config = parseConfig({
      pools,
      catalog: {
        trust_policy: 'strict',
        trusted_keys: [
          { id: 'pem', public_key: key.pem },
          { id: 'raw', public_key: key.raw },
        ],
      },
    });
    expect(config.catalog.trusted_keys.map((k) => k.id)).toEqual(['pem', 'raw']);
    const message = Buffer.from('ab'.repeat(32));
    const signature = sign(null, message, key.privateKey);
    for (const { public_key } of config.catalog.trusted_keys)
      expect(verify(null, message, ed25519PublicKey(public_key), signature)).toBe(true);
  });

  it('refuses trust_policy strict with no trusted key, naming where to add one [CFG-020]', () => {
    const issues = issuesOf({ pools, catalog: { trust_policy: 'strict' } });
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'catalog.trusted_keys',
        message: expect.stringContaining('trust_policy strict needs at least one trusted Ed25519 public key'),
      }),
    ]);
    expect(parseConfig({ pools }).catalog.trusted_keys).toEqual([]);
  });

  it('refuses an RSA key, a 31-byte key and a repeated id, without echoing the key [CFG-020]', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const short = Buffer.alloc(31, 7).toString('base64');
    const good = ed25519().raw;
    const issues = issuesOf({
      pools,
      catalog: {
        trusted_keys: [
          { id: 'rsa', public_key: rsa },
          { id: 'short', public_key: short },
          { id: 'twice', public_key: good },
          { id: 'twice', public_key: good },
        ],
      },
    });
    expect(issues.map((i) => i.path)).toEqual([
      'catalog.trusted_keys[0].public_key',
      'catalog.trusted_keys[1].public_key',
      'catalog.trusted_keys[3].id',
    ]);
    expect(issues[0]?.message).toContain('expected an Ed25519 public key');
    expect(issues[2]?.message).toContain('already used by trusted_keys[2]');
    expect(JSON.stringify(issues)).not.toContain(short);
  });
});
