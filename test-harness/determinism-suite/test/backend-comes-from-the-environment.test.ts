// DET-004: the suite runs on the CPU build unless DETERMINISM_BACKEND=cuda asks
// for the GPU (npm run gpu:check sets it); a typo stops the run instead of
// quietly testing the CPU.
import { describe, expect, it } from 'vitest';
import { backendFromEnv } from '../src/replicas.js';

describe('the determinism backend', () => {
  it('is cpu by default and cuda when asked [DET-004]', () => {
    expect(backendFromEnv({})).toBe('cpu');
    expect(backendFromEnv({ DETERMINISM_BACKEND: 'cpu' })).toBe('cpu');
    expect(backendFromEnv({ DETERMINISM_BACKEND: 'cuda' })).toBe('cuda');
  });

  it('refuses a value it does not know, naming the variable', () => {
    expect(() => backendFromEnv({ DETERMINISM_BACKEND: 'gpu' })).toThrow(
      /DETERMINISM_BACKEND must be cpu or cuda, not gpu/,
    );
  });
});
