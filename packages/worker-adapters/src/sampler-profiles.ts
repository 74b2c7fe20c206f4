// WA-010, DET-003: sampling parameters travel as a named, versioned profile
// (`sampler_profile_version`) instead of loose knobs, so a replica set can pin
// one version and two requests that name the same version sample alike on
// every engine. Profiles are immutable once published: change = new version.
import type { SamplerParams } from './port.js';

export interface SamplerProfile {
  version: string;
  description: string;
  params: Readonly<SamplerParams>;
}

const PROFILES: readonly SamplerProfile[] = [
  {
    version: 'det-v1',
    description: 'Strict determinism: greedy decoding, no truncation or penalties.',
    params: Object.freeze({ temperature: 0, top_k: 1, top_p: 1, min_p: 0, repetition_penalty: 1 }),
  },
  {
    version: 'default-v1',
    description: 'General-purpose sampling; reproducible for a fixed seed on a pinned replica.',
    params: Object.freeze({ temperature: 0.8, top_k: 40, top_p: 0.95, min_p: 0.05, repetition_penalty: 1 }),
  },
];

export const DEFAULT_SAMPLER_PROFILE_VERSION = 'default-v1';
export const STRICT_SAMPLER_PROFILE_VERSION = 'det-v1';

/** All published versions, in publication order. */
export const SAMPLER_PROFILE_VERSIONS: readonly string[] = PROFILES.map((p) => p.version);

export function samplerProfiles(): readonly SamplerProfile[] {
  return PROFILES;
}

/** Returns a copy of the profile's parameters, or undefined for an unknown version. */
export function resolveSamplerProfile(version: string): SamplerParams | undefined {
  const profile = PROFILES.find((p) => p.version === version);
  return profile === undefined ? undefined : { ...profile.params };
}

/** True when the parameters leave the engine no random choice, so the seed cannot matter. */
export function isGreedy(params: SamplerParams): boolean {
  return params.temperature <= 0 || params.top_k === 1;
}
