import { describe, expect, it } from 'vitest';
import { corpusCases, loadCorpus, validateCorpus } from '../src/corpus.js';
import { percentile, summarise } from '../src/latency-stats.js';

describe('determinism corpus', () => {
  it('commits at least 64 unique in-range seeds and several prompts [DET-009]', () => {
    const corpus = loadCorpus();
    expect(corpus.seeds.length).toBeGreaterThanOrEqual(64);
    expect(corpus.prompts.length).toBeGreaterThanOrEqual(3);
    expect(corpus.max_tokens).toBeLessThanOrEqual(64);
  });

  it('expands into one sampled case per seed plus one greedy case per prompt [DET-009]', () => {
    const corpus = loadCorpus();
    const cases = corpusCases(corpus);
    expect(cases).toHaveLength(corpus.seeds.length + corpus.prompts.length);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(cases.filter((c) => c.sampler_profile_version === 'det-v1')).toHaveLength(corpus.prompts.length);
  });

  it('rejects a corpus that would quietly prove less [DET-009]', () => {
    const valid = loadCorpus();
    expect(() => validateCorpus({ ...valid, seeds: valid.seeds.slice(0, 10) })).toThrow(/at least 64/);
    expect(() => validateCorpus({ ...valid, seeds: [...valid.seeds.slice(1), valid.seeds[1]] })).toThrow(
      /unique/,
    );
    expect(() => validateCorpus({ ...valid, seeds: [...valid.seeds, 0xffffffff] })).toThrow(
      /0\.\.4294967294/,
    );
    expect(() => validateCorpus({ ...valid, prompts: [] })).toThrow(/prompts/);
  });
});

describe('latency statistics', () => {
  it('uses nearest-rank percentiles [DET-008]', () => {
    const values = Array.from({ length: 20 }, (_v, i) => i + 1);
    expect(percentile(values, 50)).toBe(10);
    expect(percentile(values, 95)).toBe(19);
    expect(percentile([7], 95)).toBe(7);
    expect(() => percentile([], 50)).toThrow(RangeError);
  });

  it('summarises first-token, total and throughput [DET-008]', () => {
    const summary = summarise(
      [
        { firstTokenMs: 2, totalMs: 100, tokensOut: 10 },
        { firstTokenMs: null, totalMs: 300, tokensOut: 30 },
      ],
      60,
    );
    expect(summary).toEqual({
      requests: 2,
      firstTokenP50: 2,
      firstTokenP95: 2,
      totalP50: 100,
      totalP95: 300,
      tokensPerSecond: 100,
      engineTokensPerSecond: 150,
    });
    expect(summarise([{ firstTokenMs: 1, totalMs: 10, tokensOut: 1 }]).engineTokensPerSecond).toBeNull();
  });
});
