// ORCHD run price (CFG-019, ORCHD-029, CORE-032): what a run on a pool costs in
// the unit of the sessions' cost budget. Admission prices the worst case (the
// prompt and all of max_tokens) to see whether the budget covers it; the run is
// then charged what it really read and generated.
import type { PoolConfig } from '@llama-orch/contracts';

export function runCost(pool: PoolConfig, promptTokens: number, completionTokens: number): number {
  const { price } = pool;
  if (price === undefined) return 0;
  return (
    (promptTokens * price.per_1k_prompt_tokens + completionTokens * price.per_1k_completion_tokens) / 1000
  );
}
