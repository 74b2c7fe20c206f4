// The embedded config `pnpm start` uses when no file is given (CFG-011).
// It runs anywhere, GPU or not: three tiny generated llama.cpp models on the
// labelled CPU fallback, loopback only, token from env or <state_dir>/api-token.
// Beside those fixed pools, three on-demand models (CFG-022) show residency:
// the CPU memory budget (CFG-023) holds two of them, so asking for the third
// evicts the least recently used idle one.
import { join } from 'node:path';
import { parseConfig } from './load-config.js';
import type { LlorchConfig, LlorchConfigInput } from './schema.js';

export const DEFAULT_CONFIG_LABEL = 'built-in default config';

export interface DefaultConfigOptions {
  /**
   * State directory; defaults to `.llorch` relative to the working directory
   * (ignored by git), so a dev checkout keeps its state to itself. Pass an
   * absolute path (e.g. `<repo>/.llorch`) when the cwd is not the repo root.
   */
  stateDir?: string;
}

// A coding agent's request (system prompt, a dozen tool schemas, a few turns) is
// 40-60 KB of JSON, about 17k tokens with the tiny models' vocabulary: 32k holds it.
const cpuPool = { engine: 'llamacpp', devices: 'cpu', allow_cpu_fallback: true, ctx: 32_768 } as const;
// One thread and one slot: llama.cpp is byte-for-byte deterministic only with a single slot.
const singleSlot = { threads: 1, parallel: 1 } as const;

// Small context so a load takes well under a second; room for a short chat, not an agent's tool list.
const onDemandModel = { engine: 'llamacpp', devices: 'cpu', allow_cpu_fallback: true, ctx: 4096 } as const;

/**
 * One generated model needs ~516 MiB by pool-managerd's estimate (a few MiB of weights and KV,
 * 512 MiB of engine overhead), so 1100 MiB holds two and not three; a pool-managerd test
 * recomputes the footprints and keeps this true.
 */
const CPU_MEMORY_FOR_TWO_TINY_MODELS_MIB = 1100;

/** The default as a config file would spell it (useful to print or write out). */
export function defaultConfigInput(options: DefaultConfigOptions = {}): LlorchConfigInput {
  const stateDir = options.stateDir ?? '.llorch';
  return {
    server: { bind: '127.0.0.1', port: 8080, state_dir: stateDir, token_file: join(stateDir, 'api-token') },
    pool_manager: { bind: '127.0.0.1', port: 8090 },
    pools: [
      {
        ...cpuPool,
        id: 'tiny-bigram',
        model: { ref: 'tiny-bigram', generate: { kind: 'bigram', seed: 42 } },
        replicas: 2,
        launch: { ...singleSlot },
      },
      {
        ...cpuPool,
        id: 'tiny-random',
        model: { ref: 'tiny-random', generate: { kind: 'random', seed: 7 } },
        replicas: 1,
        launch: { ...singleSlot },
      },
      {
        ...cpuPool,
        id: 'tiny-tool',
        // Answers every chat turn with one get_weather tool call (for agents' tool loops).
        model: { ref: 'tiny-tool', generate: { kind: 'tool', seed: 11 } },
        replicas: 1,
        launch: { ...singleSlot },
      },
    ],
    models: [
      {
        ...onDemandModel,
        id: 'tiny-coder',
        source: { generate: { kind: 'random', seed: 3 } },
        launch: { ...singleSlot },
      },
      {
        ...onDemandModel,
        id: 'tiny-chat',
        source: { generate: { kind: 'bigram', seed: 5 } },
        launch: { ...singleSlot },
      },
      {
        ...onDemandModel,
        id: 'tiny-helper',
        source: { generate: { kind: 'tool', seed: 13 } },
        launch: { ...singleSlot },
        // Gives its memory back after ten idle minutes even when nothing else asks for it.
        idle_unload_ms: 600_000,
      },
    ],
    residency: { cpu_memory_mib: CPU_MEMORY_FOR_TWO_TINY_MODELS_MIB },
  };
}

/** The default, validated and with every default filled in. */
export function defaultConfig(options: DefaultConfigOptions = {}): LlorchConfig {
  return parseConfig(defaultConfigInput(options), DEFAULT_CONFIG_LABEL);
}
