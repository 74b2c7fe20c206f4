// DET-009: the determinism gate runs over a committed, versioned corpus so a
// pass means the same thing on every machine and in every review. Loading
// validates it strictly: a malformed corpus must fail loudly, not shrink.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface DeterminismCorpus {
  corpus_version: string;
  sampler_profile_version: string;
  strict_sampler_profile_version: string;
  max_tokens: number;
  prompts: string[];
  seeds: number[];
}

export interface DeterminismCase {
  /** Stable id used in failure messages, e.g. `seed-42/prompt-1`. */
  id: string;
  prompt: string;
  seed: number;
  sampler_profile_version: string;
}

export const CORPUS_PATH = fileURLToPath(new URL('../corpus/seeds.json', import.meta.url));

/** llama.cpp reads seeds as uint32 and treats 0xFFFFFFFF as "random", so the corpus stays below it. */
const MAX_SEED = 0xfffffffe;

export function validateCorpus(value: unknown): DeterminismCorpus {
  const problems: string[] = [];
  const c = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  for (const key of ['corpus_version', 'sampler_profile_version', 'strict_sampler_profile_version']) {
    if (typeof c[key] !== 'string' || c[key] === '') problems.push(`${key} must be a non-empty string`);
  }
  if (!Number.isInteger(c['max_tokens']) || (c['max_tokens'] as number) < 1) {
    problems.push('max_tokens must be a positive integer');
  }
  const prompts = c['prompts'];
  if (!Array.isArray(prompts) || prompts.length === 0 || !prompts.every((p) => typeof p === 'string')) {
    problems.push('prompts must be a non-empty array of strings');
  }
  const seeds = c['seeds'];
  if (!Array.isArray(seeds) || seeds.length < 64) problems.push('seeds must list at least 64 seeds');
  else {
    const bad = seeds.filter((s) => !Number.isInteger(s) || (s as number) < 0 || (s as number) > MAX_SEED);
    if (bad.length > 0) problems.push(`seeds must be integers in 0..${MAX_SEED}; bad: ${bad.join(', ')}`);
    if (new Set(seeds).size !== seeds.length) problems.push('seeds must be unique');
  }
  if (problems.length > 0) throw new Error(`invalid determinism corpus: ${problems.join('; ')}`);
  return c as unknown as DeterminismCorpus;
}

export function loadCorpus(path: string = CORPUS_PATH): DeterminismCorpus {
  return validateCorpus(JSON.parse(readFileSync(path, 'utf8')));
}

/** One sampled case per seed (prompts rotate), plus one greedy case per prompt. */
export function corpusCases(corpus: DeterminismCorpus): DeterminismCase[] {
  const sampled = corpus.seeds.map((seed, index) => {
    const promptIndex = index % corpus.prompts.length;
    return {
      id: `seed-${seed}/prompt-${promptIndex}`,
      prompt: corpus.prompts[promptIndex] ?? '',
      seed,
      sampler_profile_version: corpus.sampler_profile_version,
    };
  });
  const greedy = corpus.prompts.map((prompt, promptIndex) => ({
    id: `greedy/prompt-${promptIndex}`,
    prompt,
    seed: 0,
    sampler_profile_version: corpus.strict_sampler_profile_version,
  }));
  return [...sampled, ...greedy];
}
