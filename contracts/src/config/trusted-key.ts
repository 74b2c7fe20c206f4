// CFG-020, ORCHD-033: what a `catalog.trusted_keys[].public_key` text means,
// defined once so the config loader refuses what the verifier could not use.
// A key is an Ed25519 public key, written either as PEM (SubjectPublicKeyInfo,
// what `openssl pkey -pubout` prints) or as base64 of its 32 raw bytes (what
// minisign-style tools and `ssh-keygen`-free set-ups pass around).
import { createPublicKey, type KeyObject } from 'node:crypto';

export const TRUSTED_KEY_HINT =
  'expected an Ed25519 public key: PEM ("-----BEGIN PUBLIC KEY-----") or base64 of its 32 raw bytes';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The key a trusted-key text names; throws (with TRUSTED_KEY_HINT) when it is not an Ed25519 public key. */
export function ed25519PublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.startsWith('-----BEGIN PUBLIC KEY-----')) key = createPublicKey(trimmed);
    else {
      const raw = BASE64.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
      if (raw.length !== 32) throw new Error('not 32 bytes');
      key = createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
        format: 'jwk',
      });
    }
  } catch {
    throw new TypeError(TRUSTED_KEY_HINT);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError(TRUSTED_KEY_HINT);
  return key;
}

/** True when `text` is a usable trusted key (for the schema's refinement). */
export function isEd25519PublicKey(text: string): boolean {
  try {
    ed25519PublicKey(text);
    return true;
  } catch {
    return false;
  }
}
