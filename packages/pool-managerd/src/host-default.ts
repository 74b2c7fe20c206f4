// HOME-007, HOME-008, POOL-021, POOL-022: the built-in default config, fitted
// to this host. With no usable GPU it stays the labelled CPU development
// fallback; when nvidia-smi lists GPUs and llama-server can run on them (a
// cached CUDA build, or nvcc to build one), the same pools move onto all GPUs
// with full offload, so `pnpm start` uses the cards it finds.
import { existsSync } from 'node:fs';
import { DEFAULT_CONFIG_LABEL, defaultConfigInput, parseConfig } from '@llama-orch/contracts';
import type { LlorchConfig, LlorchConfigInput } from '@llama-orch/contracts';
import type { Gpu } from '@llama-orch/contracts';
import { probeGpus } from './inventory/nvidia-smi.js';
import { resolveLlamaServerCache } from '@llama-orch/engine-provision';
import { findExecutable } from './util/find-executable.js';

export interface HostDefault {
  config: LlorchConfig;
  mode: 'gpu' | 'cpu-fallback';
  gpus: Gpu[];
  /** One line for the operator: what was chosen and why. */
  note: string;
}

/** Pure: the default input moved onto the given GPU indices. */
export function onGpus(input: LlorchConfigInput, indices: readonly number[]): LlorchConfigInput {
  return {
    ...input,
    pools: (input.pools ?? []).map((pool) => ({
      ...pool,
      devices: [...indices],
      allow_cpu_fallback: false,
      launch: { ...pool.launch, gpu_layers: 999 },
    })),
    models: (input.models ?? []).map((model) => ({
      ...model,
      devices: [...indices],
      allow_cpu_fallback: false,
      launch: { ...model.launch, gpu_layers: 999 },
    })),
  };
}

export async function defaultConfigForHost(options: {
  stateDir: string;
  env?: NodeJS.ProcessEnv;
}): Promise<HostDefault> {
  const env = options.env ?? process.env;
  const input = defaultConfigInput({ stateDir: options.stateDir });
  const sample = await probeGpus({ env });
  const cpu = (note: string): HostDefault => ({
    config: parseConfig(input, DEFAULT_CONFIG_LABEL),
    mode: 'cpu-fallback',
    gpus: sample.gpus,
    note,
  });
  if (!sample.probe.ok)
    return cpu(`no GPU found (${sample.probe.detail}); serving on the labelled CPU development fallback`);
  const cudaBuild = await resolveLlamaServerCache({ cuda: true, env }).then(
    (entry) => existsSync(entry.binaryPath),
    () => false,
  );
  if (!cudaBuild && (await findExecutable('nvcc', env)) === undefined) {
    return cpu(
      `found ${sample.gpus.length} GPU(s) but no CUDA toolkit (nvcc) to build llama-server for them; serving on the CPU development fallback. Install the CUDA toolkit to use the GPUs`,
    );
  }
  const indices = sample.gpus.map((g) => g.index);
  return {
    config: parseConfig(onGpus(input, indices), DEFAULT_CONFIG_LABEL),
    mode: 'gpu',
    gpus: sample.gpus,
    note: `serving the default models on GPU(s) ${sample.gpus.map((g) => `${g.index} (${g.name})`).join(', ')}`,
  };
}
