// WA-014, DET-001: the mock's "model". Output is a pure function of
// (instance seed, prompt, request seed, sampler) so tests upstream can rely on
// the same determinism guarantees a pinned real replica gives — including
// that greedy sampling ignores the seed.
import { isGreedy } from '../sampler-profiles.js';
import type { SamplerParams } from '../port.js';

export const DEFAULT_MOCK_VOCABULARY: readonly string[] = Object.freeze(
  [' alpha', ' beta', ' gamma', ' delta', ' epsilon', ' zeta', ' eta', ' theta', ' iota', ' kappa']
    .concat([' lambda', ' mu', ' nu', ' xi', ' omicron', ' pi', ' rho', ' sigma', ' tau', ' upsilon'])
    .concat([' phi', ' chi', ' psi', ' omega', ',', '.', ' and', ' the', ' of', '\n']),
);

/** FNV-1a over UTF-16 code units: stable, dependency-free, good enough to seed a PRNG. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TokenSourceOptions {
  instanceSeed: number;
  prompt: string;
  seed: number;
  sampler: SamplerParams;
  vocabulary: readonly string[];
  /** When set, these pieces are produced verbatim and then EOS. */
  script?: readonly string[];
}

/** Returns a generator of pieces; `undefined` means the model emitted EOS. */
export function createTokenSource(options: TokenSourceOptions): () => string | undefined {
  const { script, vocabulary } = options;
  if (script !== undefined) {
    let index = 0;
    return () => {
      const piece = script[index];
      index += 1;
      return piece;
    };
  }
  if (vocabulary.length === 0) throw new Error('mock vocabulary is empty; pass at least one piece');
  const seedPart = isGreedy(options.sampler) ? 'greedy' : `seed:${options.seed}`;
  const random = mulberry32(hashString(`${options.instanceSeed}|${seedPart}|${options.prompt}`));
  return () => vocabulary[Math.floor(random() * vocabulary.length)] ?? vocabulary[0];
}

/** Whitespace-delimited pieces plus one for BOS, roughly what add_special tokenisation gives. */
export function countMockTokens(text: string): number {
  return 1 + (text.match(/\s*\S+/g)?.length ?? 0);
}
