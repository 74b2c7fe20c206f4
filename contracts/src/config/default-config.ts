// The embedded config `pnpm start` uses when no file is given (CFG-011).
// It runs anywhere, GPU or not: three tiny generated llama.cpp models on the
// labelled CPU fallback, loopback only, token from env or <state_dir>/api-token.
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
  };
}

/** The default, validated and with every default filled in. */
export function defaultConfig(options: DefaultConfigOptions = {}): LlorchConfig {
  return parseConfig(defaultConfigInput(options), DEFAULT_CONFIG_LABEL);
}
