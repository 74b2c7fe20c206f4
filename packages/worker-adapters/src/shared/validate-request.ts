// WA-004, DET-013: a request the engine would silently reinterpret (a seed
// outside its range falls back to "random", max_tokens 0 means "unlimited" on
// llama.cpp) breaks determinism and budgets, so adapters refuse it up front
// with INVALID_PARAMS instead of sending it.
import { AdapterError } from '../errors.js';
import type { CompletionRequest, EngineKind } from '../port.js';

/** Largest seed every engine takes as-is: llama.cpp reads seeds as uint32 and treats 0xFFFFFFFF as "random". */
export const MAX_PORTABLE_SEED = 0xfffffffe;

export function validateRequest(
  request: CompletionRequest,
  engine: EngineKind,
  maxSeed: number = MAX_PORTABLE_SEED,
): void {
  const problems: string[] = [];
  if (typeof request.prompt !== 'string') problems.push('prompt must be a string');
  if (!Number.isSafeInteger(request.max_tokens) || request.max_tokens < 1) {
    problems.push(`max_tokens must be an integer >= 1 (got ${String(request.max_tokens)})`);
  }
  if (!Number.isSafeInteger(request.seed) || request.seed < 0 || request.seed > maxSeed) {
    problems.push(`seed must be an integer in 0..${maxSeed} (got ${String(request.seed)})`);
  }
  const { sampler } = request;
  for (const key of ['temperature', 'top_k', 'top_p', 'min_p', 'repetition_penalty'] as const) {
    if (!Number.isFinite(sampler[key]) || sampler[key] < 0) {
      problems.push(`sampler.${key} must be a finite number >= 0 (got ${String(sampler[key])})`);
    }
  }
  if (problems.length > 0) {
    throw new AdapterError(
      'INVALID_PARAMS',
      `invalid completion request for ${engine}: ${problems.join('; ')}`,
      {
        engine,
        retriable: false,
      },
    );
  }
}
