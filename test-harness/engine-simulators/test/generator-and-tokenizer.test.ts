// WA-013: the simulated model must be a pure function of its inputs, or the
// conformance and determinism suites could not tell an adapter bug from noise.
import { describe, expect, it } from 'vitest';
import { EOS_ID, GOLDEN_TEXT, VOCABULARY, detokenize, planTokens, tokenize } from '../src/index.js';
import type { GenerationParams } from '../src/index.js';

const params = (overrides: Partial<GenerationParams> = {}): GenerationParams => ({
  prompt: 'hello',
  maxTokens: 24,
  seed: 1,
  sampler: { temperature: 0.8, top_k: 40 },
  ...overrides,
});

const textOf = (plan: ReturnType<typeof planTokens>) =>
  plan.map((t) => (t.type === 'piece' ? t.text : '')).join('');

describe('the simulated models', () => {
  it('golden says the fixed sentence, then EOS, whatever the prompt and seed [WA-013]', () => {
    for (const overrides of [{}, { prompt: 'something else', seed: 99 }]) {
      const plan = planTokens('golden', params({ ...overrides, maxTokens: 64 }));
      expect(textOf(plan)).toBe(GOLDEN_TEXT);
      expect(plan.at(-1)).toEqual({ type: 'eos', id: EOS_ID });
    }
  });

  it('golden is cut at max tokens without EOS [WA-013]', () => {
    const plan = planTokens('golden', params({ maxTokens: 3 }));
    expect(textOf(plan)).toBe(' the quick brown');
    expect(plan.some((t) => t.type === 'eos')).toBe(false);
  });

  it('seeded is reproducible for one seed and differs across seeds, running to max tokens [WA-013]', () => {
    const first = planTokens('seeded', params({ seed: 7 }));
    expect(planTokens('seeded', params({ seed: 7 }))).toEqual(first);
    expect(first).toHaveLength(24);
    expect(first.every((t) => t.type === 'piece')).toBe(true);
    const texts = new Set([1, 2, 3, 4].map((seed) => textOf(planTokens('seeded', params({ seed })))));
    expect(texts.size).toBe(4);
  });

  it('seeded depends on the prompt and the sampler knobs too [WA-013]', () => {
    const base = textOf(planTokens('seeded', params()));
    expect(textOf(planTokens('seeded', params({ prompt: 'hello!' })))).not.toBe(base);
    expect(textOf(planTokens('seeded', params({ sampler: { temperature: 0.7, top_k: 40 } })))).not.toBe(base);
  });
});

describe('the simulator tokenizer', () => {
  it('maps vocabulary words to fixed ids and round-trips text [WA-013]', () => {
    const ids = tokenize(' the quick brown fox');
    expect(ids).toEqual([100, 101, 102, 103]);
    expect(detokenize(ids)).toBe(' the quick brown fox');
    expect(VOCABULARY[0]).toBe(' the');
  });

  it('tokenizes any text, one piece per word or punctuation mark [WA-013]', () => {
    const ids = tokenize('Zebras, unlike cats!');
    expect(ids).toHaveLength(5);
    expect(detokenize(ids)).toBe('Zebras, unlike cats!');
    expect(tokenize('Zebras, unlike cats!')).toEqual(ids);
  });
});
