// ORCHD-083, CFG-031: who holds a presented token. Only SHA-256 digests are kept; a
// lookup compares the presented token's digest with every holder's, match or not, so
// the time it takes says nothing about which holder (or how many characters) matched.
import { createHash, timingSafeEqual } from 'node:crypto';

/** Compared in place of a locked-out holder's digest, so the lookup's work stays the same. */
const LOCKED = Buffer.alloc(32);

export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export interface KeyRing {
  /** Gives `holder` this token; null locks the holder out until it gets one again. */
  set(holder: string, token: string | null): void;
  /** The holder of `presented`, if any; every digest is compared, with no early exit. */
  holderOf(presented: string): string | undefined;
  /** Whether the holder has a token now (false while locked out). */
  has(holder: string): boolean;
}

export function createKeyRing(): KeyRing {
  const digests = new Map<string, Buffer | null>();
  return {
    set(holder, token) {
      digests.set(holder, token === null ? null : tokenDigest(token));
    },
    holderOf(presented) {
      const digest = tokenDigest(presented);
      let found: string | undefined;
      for (const [holder, held] of digests) {
        const match = timingSafeEqual(held ?? LOCKED, digest);
        if (match && held !== null && found === undefined) found = holder;
      }
      return found;
    },
    has(holder) {
      return (digests.get(holder) ?? null) !== null;
    },
  };
}
