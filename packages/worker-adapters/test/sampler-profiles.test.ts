import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SAMPLER_PROFILE_VERSION,
  SAMPLER_PROFILE_VERSIONS,
  STRICT_SAMPLER_PROFILE_VERSION,
  isGreedy,
  resolveSamplerProfile,
} from '../src/index.js';

describe('sampler profiles', () => {
  it('publishes det-v1 as greedy decoding with no truncation or penalty [WA-010, DET-003]', () => {
    const params = resolveSamplerProfile(STRICT_SAMPLER_PROFILE_VERSION);
    expect(params).toEqual({ temperature: 0, top_k: 1, top_p: 1, min_p: 0, repetition_penalty: 1 });
    expect(isGreedy(params!)).toBe(true);
  });

  it('publishes default-v1 with the documented sampling knobs [WA-010]', () => {
    const params = resolveSamplerProfile(DEFAULT_SAMPLER_PROFILE_VERSION);
    expect(params).toEqual({ temperature: 0.8, top_k: 40, top_p: 0.95, min_p: 0.05, repetition_penalty: 1 });
    expect(isGreedy(params!)).toBe(false);
  });

  it('returns undefined for an unknown version so callers can reject it [WA-010]', () => {
    expect(resolveSamplerProfile('det-v0')).toBeUndefined();
    expect(SAMPLER_PROFILE_VERSIONS).toEqual(['det-v1', 'default-v1']);
  });

  it('hands out copies, so a caller cannot change a published profile [WA-010, DET-003]', () => {
    const params = resolveSamplerProfile('default-v1')!;
    params.temperature = 2;
    expect(resolveSamplerProfile('default-v1')?.temperature).toBe(0.8);
  });
});
