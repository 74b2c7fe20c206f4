// DET-001, DET-011, WA-013: deterministic token generator behind every simulated engine.
// Why: reproducibility tests need an engine whose output is a pure function of
// (model, prompt, seed, sampler knobs, max tokens), identical across processes.
import { EOS_ID, VOCABULARY, fnv1a, tokenize, vocabularyId } from './vocabulary.js';

/** `golden` always says GOLDEN_TEXT then EOS; `seeded` draws from the seed and runs to the limit. */
export type SimModel = 'golden' | 'seeded';

export const GOLDEN_TEXT = ' the quick brown fox jumps over a lazy dog.';
const GOLDEN_PIECES = [' the', ' quick', ' brown', ' fox', ' jumps', ' over', ' a', ' lazy', ' dog', '.'];

export interface GenerationParams {
  prompt: string;
  maxTokens: number;
  seed: number;
  /** Engine-specific sampler knobs, already validated; mixed into the seeded stream. */
  sampler: Readonly<Record<string, number | undefined>>;
  /**
   * What the model says instead of its own text, then EOS: set by a front-end for a reply
   * decided by configuration (the tool calls a chat request gets), whatever the model.
   */
  script?: readonly string[];
}

export type PlannedToken = { type: 'piece'; id: number; text: string } | { type: 'eos'; id: number };

/** mulberry32: a small PRNG whose sequence is fixed by its 32-bit state. */
function createRandom(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function canonicalSampler(sampler: GenerationParams['sampler']): string {
  return Object.keys(sampler)
    .filter((key) => sampler[key] !== undefined)
    .sort()
    .map((key) => `${key}=${String(sampler[key])}`)
    .join(';');
}

/**
 * The full token plan for one request; the caller paces it out token by token.
 * Seeds are folded to 32 bits as text so 64-bit seeds still change the stream.
 */
export function planTokens(model: SimModel, params: GenerationParams): PlannedToken[] {
  const limit = Math.max(0, Math.floor(params.maxTokens));
  if (params.script !== undefined) {
    const plan: PlannedToken[] = params.script.map((text) => ({
      type: 'piece',
      id: tokenize(text)[0] ?? EOS_ID,
      text,
    }));
    plan.push({ type: 'eos', id: EOS_ID });
    return plan.slice(0, limit);
  }
  if (model === 'golden') {
    const plan: PlannedToken[] = GOLDEN_PIECES.map((text) => ({
      type: 'piece',
      id: vocabularyId(VOCABULARY.indexOf(text)),
      text,
    }));
    plan.push({ type: 'eos', id: EOS_ID });
    return plan.slice(0, limit);
  }
  const state = fnv1a(
    `${params.prompt}\u0000${String(params.seed)}\u0000${canonicalSampler(params.sampler)}`,
  );
  const random = createRandom(state);
  const plan: PlannedToken[] = [];
  for (let i = 0; i < limit; i += 1) {
    const index = Math.floor(random() * VOCABULARY.length);
    plan.push({ type: 'piece', id: vocabularyId(index), text: VOCABULARY[index] ?? '' });
  }
  return plan;
}
