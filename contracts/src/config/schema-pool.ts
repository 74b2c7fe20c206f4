// One pool = one model served by N replicas of one engine (CFG-001, CFG-004, CFG-006, CFG-007, CFG-019).
// A pool either launches its engine processes (`launch`) or points at engines
// someone else runs (`endpoints`); the output type makes that choice explicit.
// Engine secrets are named by source, never written here (OC-007, CFG-017).
import { z } from 'zod';
import { toSink } from './config-rules.js';
import { checkPool } from './pool-rules.js';
import { checkSecretSource } from './secret-rules.js';
import {
  determinismMode,
  durationMs,
  engineKind,
  fsPath,
  httpUrl,
  positiveInt,
  sha256Hex,
  slugId,
} from './schema-common.js';

export const modelSchema = z
  .strictObject({
    ref: z.string().min(1).describe('Catalog model id this pool serves.'),
    path: fsPath.optional().describe('Model file to load; omit when the catalog or `generate` provides it.'),
    digest: sha256Hex.optional().describe('Expected sha256 of the model file; loading fails on mismatch.'),
    generate: z
      .strictObject({
        kind: z
          .enum(['bigram', 'random', 'tool'])
          .describe(
            'bigram: always the same sentence, then EOS; random: seed-dependent babble to the token limit; ' +
              'tool: always one get_weather tool call, then EOS.',
          ),
        seed: z.int().min(0),
      })
      .optional()
      .describe('Write a tiny GGUF model at startup instead of loading one (development and CI).'),
  })
  .describe('What the pool serves.');

export const devicesSchema = z
  .union([z.array(z.int().min(0).max(63)).min(1), z.literal('cpu')])
  .default([0])
  .describe('GPU indices this pool may use (no spill-over outside them), or "cpu" as a dev fallback.');

const envVarName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an environment variable name' });

/** Where one engine secret comes from: exactly one of `env` or `file`, read when a replica starts. */
const secretSourceSchema = z
  .strictObject({
    env: envVarName.optional().describe("Variable of pool-managerd's own environment holding the value."),
    file: fsPath.optional().describe('File holding the value on one line (trimmed).'),
  })
  // Editors learn "exactly one source" too; the loader says it in words (secret-rules.ts).
  .meta({ minProperties: 1, maxProperties: 1 })
  .superRefine((source, ctx) => checkSecretSource(source, toSink(ctx)))
  .transform((source): SecretSource =>
    source.env !== undefined ? { env: source.env } : { file: source.file ?? '' },
  );

export type SecretSource = { env: string } | { file: string };

export const launchSchema = z
  .strictObject({
    binary: z.string().min(1).optional().describe('Engine executable; a bare name is looked up on PATH.'),
    extra_args: z
      .array(z.string())
      .default([])
      .describe('Extra engine flags; flags llama-orch sets and flags that take a secret are refused.'),
    threads: positiveInt.optional().describe('CPU threads per replica.'),
    parallel: positiveInt.default(1).describe('Request slots per replica; 1 keeps llama.cpp deterministic.'),
    gpu_layers: z.int().min(0).optional().describe('Layers to offload to the GPU (engine default if unset).'),
    env: z
      .record(envVarName, z.string())
      .default({})
      .describe(
        'Extra environment for the engine process; secret-looking names (…_KEY, …_TOKEN) go in secret_env.',
      ),
    secret_env: z
      .record(envVarName, secretSourceSchema)
      .default({})
      .describe('Engine secrets by name, each read from an env var or a file when the replica starts.'),
  })
  .describe('How pool-managerd starts each replica. Mutually exclusive with `endpoints`.');

export const queueSchema = z.strictObject({
  capacity: positiveInt.default(64).describe('Tasks waiting per pool before the full policy applies.'),
  full_policy: z.enum(['reject', 'drop-lru']).default('reject'),
  batch_share: z
    .number()
    .min(0)
    .lt(1)
    .default(0)
    .describe('Share of contested dequeues given to batch work so it cannot starve; 0 = strict priority.'),
});

export const timeoutsSchema = z.strictObject({
  startup_ms: durationMs.default(120_000).describe('Preload deadline before a replica counts as failed.'),
  first_token_ms: durationMs
    .default(30_000)
    .describe(
      'Watchdog: longest wait from dispatch to the first token, prompt processing included. The one first-token deadline: the daemon enforces it per task, pool-managerd on the self-test decode.',
    ),
  idle_ms: durationMs
    .default(15_000)
    .describe('Watchdog: longest gap between two tokens (per task, and on the self-test decode).'),
  wall_ms: durationMs.default(300_000).describe('Watchdog: longest total run time of one task.'),
  drain_ms: durationMs.default(10_000).describe('Default drain deadline.'),
});

/** 1000 tokens of a price; a free pool leaves both at 0. */
const perThousand = z.number().min(0).max(1e9).default(0);

export const priceSchema = z
  .strictObject({
    per_1k_prompt_tokens: perThousand.describe('Price of 1000 prompt tokens the engine reads.'),
    per_1k_completion_tokens: perThousand.describe('Price of 1000 tokens the engine generates.'),
  })
  .describe(
    "What one run on this pool costs, in the unit of `sessions.budgets.cost` (cents, watt-hours: the deployment's choice). " +
      'Every run is charged, a cancelled one too; a pool without a price costs nothing.',
  );

/** CFG-022: a pool whose one replica residency loads on demand, evicts and unloads when idle. */
export const poolResidencySchema = z
  .strictObject({
    pinned: z
      .boolean()
      .default(false)
      .describe('Never evicted and never unloaded for idleness; loaded at startup.'),
    idle_unload_ms: durationMs
      .optional()
      .describe(
        'Unload the replica after this long without a request; omit to keep it until room is needed.',
      ),
  })
  .describe(
    'Makes the pool an on-demand model (what a `models` entry becomes): not loaded until a request names it, ' +
      'evicted least-recently-used when another model needs its memory.',
  );

const poolObject = z.strictObject({
  id: slugId.describe('Pool id used in URLs, metrics labels and logs.'),
  engine: engineKind.default('llamacpp'),
  model: modelSchema,
  devices: devicesSchema,
  allow_cpu_fallback: z.boolean().default(false).describe('Opt in to the labelled CPU development fallback.'),
  tensor_split: z
    .array(z.number().positive())
    .min(1)
    .optional()
    .describe('Split each replica over all `devices` in these proportions (same length as devices).'),
  ctx: positiveInt.default(4096).describe('Context window per request slot, in tokens.'),
  replicas: positiveInt.default(1),
  preload: z.boolean().default(true).describe('Load the model at startup; Ready only after it succeeds.'),
  launch: launchSchema.optional(),
  endpoints: z.array(httpUrl).min(1).optional().describe('External engine URLs, one per replica at most.'),
  metrics_endpoints: z
    .array(httpUrl)
    .min(1)
    .optional()
    .describe(
      "With `endpoints`: where each external engine serves Prometheus /metrics when not at its endpoint (Triton's metrics port, e.g. http://host:8002), in the order of `endpoints`.",
    ),
  sampler_profile_version: z
    .string()
    .min(1)
    .default('default-v1')
    .describe('Named, versioned sampler profile: det-v1 (greedy) or default-v1 (seeded sampling).'),
  queue: queueSchema.prefault({}),
  timeouts: timeoutsSchema.prefault({}),
  determinism: determinismMode.default('strict'),
  price: priceSchema.optional(),
  residency: poolResidencySchema.optional(),
});

export type LaunchOptions = z.output<typeof launchSchema>;
export type PoolResidency = z.output<typeof poolResidencySchema>;
export type ModelConfig = z.output<typeof modelSchema>;
type PoolFields = z.output<typeof poolObject>;
type PoolCommon = Omit<PoolFields, 'launch' | 'endpoints'>;
/** A pool whose replicas pool-managerd spawns. */
export type LaunchedPoolConfig = PoolCommon & { launch: LaunchOptions; endpoints?: undefined };
/** A pool served by engines that run elsewhere (never spawned). */
export type ExternalPoolConfig = PoolCommon & { launch?: undefined; endpoints: string[] };
export type PoolConfig = LaunchedPoolConfig | ExternalPoolConfig;

const DEFAULT_LAUNCH: LaunchOptions = launchSchema.parse({});

function settleEngineSource(pool: PoolFields): PoolConfig {
  const { launch, endpoints, ...common } = pool;
  if (endpoints !== undefined) return { ...common, endpoints };
  return { ...common, launch: launch ?? structuredClone(DEFAULT_LAUNCH) };
}

export const poolSchema = poolObject
  .superRefine((pool, ctx) => checkPool(pool, toSink(ctx)))
  .transform(settleEngineSource);
