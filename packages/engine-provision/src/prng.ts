// DET-010: tiny models must be byte-identical for the same parameters on every
// run and machine, so weights come from a seeded PRNG (mulberry32 mixing of a
// 32-bit counter) and Box-Muller for Gaussians, never from Math.random().

export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal sample scaled by `std`. */
  gaussian(std?: number): number;
}

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 0x1_0000_0000;
  };
  // Box-Muller yields two normals per pair of uniforms; keep the spare.
  let spare: number | undefined;
  const gaussian = (std = 1): number => {
    if (spare !== undefined) {
      const out = spare * std;
      spare = undefined;
      return out;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle) * std;
  };
  return { next, gaussian };
}
