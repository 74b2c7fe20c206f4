// ORCHD-033, CFG-020: what one catalog signature proves. Every signature is
// first checked for form. One with scheme `ed25519` is then verified with
// node:crypto over the UTF-8 text of the entry's digest (64 lower-case hex
// characters, no newline), against the trusted key its `key_id` names, or
// against every trusted key when it names none. Other schemes (gpg, minisign,
// cosign) stay form-checked only: the daemon holds no keys or tooling for them,
// so they never count as verified.
import { verify, type KeyObject } from 'node:crypto';
import { ed25519PublicKey, type CatalogModel } from '@llama-orch/contracts';

type ModelSignature = CatalogModel['signatures'][number];

export interface TrustedKey {
  id: string;
  key: KeyObject;
}

/** What checking one signature found; `message` says what is wrong and what to do. */
export type SignatureOutcome =
  | { kind: 'verified'; keyId: string }
  /** Not even well formed: fails under every policy. */
  | { kind: 'malformed'; message: string }
  /** Well formed but does not verify with the trusted key(s): made by another key or over another digest. */
  | { kind: 'forged'; message: string }
  /** Names a key the config does not trust, or no key is trusted at all. */
  | { kind: 'untrusted'; message: string }
  /** A scheme the daemon cannot verify: form only. */
  | { kind: 'unchecked'; message: string };

/** The config's trusted keys, decoded once (the config loader already refused any that do not decode). */
export function trustedKeysOf(keys: readonly { id: string; public_key: string }[]): TrustedKey[] {
  return keys.map(({ id, public_key }) => ({ id, key: ed25519PublicKey(public_key) }));
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

function decoded(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  return BASE64.test(compact) ? Buffer.from(compact, 'base64') : Buffer.alloc(0);
}

/** What is wrong with a signature's form, or undefined when it is well formed. */
export function signatureProblem(scheme: string, signature: string): string | undefined {
  const kind = scheme.toLowerCase();
  if (kind === 'ed25519') {
    return decoded(signature).length === 64
      ? undefined
      : 'an ed25519 signature must be base64 of its 64-byte signature';
  }
  if (kind === 'gpg') {
    return /-----BEGIN PGP SIGNATURE-----[\s\S]+-----END PGP SIGNATURE-----/.test(signature)
      ? undefined
      : 'a gpg signature must be an ASCII-armored PGP SIGNATURE block';
  }
  if (kind === 'minisign') {
    // The signature line is base64 of 2 algorithm bytes ("Ed"/"ED"), an 8-byte key id and 64 bytes.
    const ok = signature.split('\n').some((line) => {
      const bytes = decoded(line.trim());
      return bytes.length === 74 && /^(Ed|ED)$/.test(bytes.subarray(0, 2).toString('latin1'));
    });
    return ok ? undefined : 'a minisign signature must contain its 74-byte base64 signature line';
  }
  // cosign and other schemes: base64 of at least 32 bytes (no real signature is shorter).
  return decoded(signature).length >= 32
    ? undefined
    : `a ${scheme} signature must be base64 of at least 32 bytes`;
}

const names = (keys: readonly TrustedKey[]): string =>
  keys.length === 0 ? 'no key is trusted yet' : `trusted: ${keys.map((k) => k.id).join(', ')}`;

/** Checks signature number `index` (0-based) of an entry whose digest is `digest`. */
export function checkSignature(
  signature: ModelSignature,
  index: number,
  digest: string,
  keys: readonly TrustedKey[],
): SignatureOutcome {
  const label = `${signature.scheme} signature ${index + 1}`;
  const problem = signatureProblem(signature.scheme, signature.signature);
  if (problem !== undefined) return { kind: 'malformed', message: `${label}: ${problem}` };
  if (signature.scheme.toLowerCase() !== 'ed25519') {
    return {
      kind: 'unchecked',
      message: `${label} is checked for form only; only ed25519 signatures by a key in catalog.trusted_keys are verified`,
    };
  }
  const candidates = signature.key_id === undefined ? keys : keys.filter((k) => k.id === signature.key_id);
  if (candidates.length === 0) {
    const whose = signature.key_id === undefined ? 'names no key_id' : `names key ${signature.key_id}`;
    return {
      kind: 'untrusted',
      message: `${label} ${whose}, which is not in catalog.trusted_keys (${names(keys)}); add the signer's public key there or sign with a trusted key`,
    };
  }
  const bytes = decoded(signature.signature);
  const message = Buffer.from(digest, 'utf8');
  const match = candidates.find((k) => verify(null, message, k.key, bytes));
  if (match !== undefined) return { kind: 'verified', keyId: match.id };
  const tried =
    signature.key_id === undefined ? `any trusted key (${names(keys)})` : `trusted key ${signature.key_id}`;
  return {
    kind: 'forged',
    message: `${label} does not verify with ${tried}: it was made by another key or over another digest than ${digest}`,
  };
}
