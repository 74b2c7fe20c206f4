// Uuid-shaped ids for the queue's uuid key path: formatted from four 32-bit
// words (so a test knows the value it expects back) or drawn from a seeded
// generator (so large runs are reproducible from one number).
import fc from 'fast-check';

const hex8 = (word: number) => (word >>> 0).toString(16).padStart(8, '0');

/** Lowercase canonical text of four 32-bit words, most significant first. */
export function uuidText(words: readonly number[]): string {
  const hex = words.map(hex8).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export const uuidWordsArb = fc.array(fc.integer({ min: 0, max: 0xffffffff }), {
  minLength: 4,
  maxLength: 4,
});

export const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Deterministic 32-bit generator (xorshift32) for ids and choices in large runs. */
export function seeded(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** A fresh uuid id from the generator. */
export const nextUuid = (next: () => number) => uuidText([next(), next(), next(), next()]);

/** Two different ids from `make(i)` whose `tag` is equal (a birthday search; ~2^15 tries for 30-bit tags). */
export function collidingPair(make: (i: number) => string, tag: (id: string) => number): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const id = make(i);
    const t = tag(id);
    const other = seen.get(t);
    if (other !== undefined && other !== id) return [other, id];
    seen.set(t, id);
  }
}
