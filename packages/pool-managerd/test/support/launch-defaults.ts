// The launch section as the config schema fills it in, for recipe tests.
import { parseConfig } from '@llama-orch/contracts';
import type { LaunchOptions } from '@llama-orch/contracts';

export function launchSchema(launch: Record<string, unknown>): LaunchOptions {
  const config = parseConfig({
    pools: [{ id: 'p', engine: 'vllm', determinism: 'best_effort', model: { ref: 'm' }, launch }],
  });
  return config.pools[0]!.launch!;
}
