// CFG-022, CFG-023: servable models beyond the resident ones. Each `models` entry is
// one engine replica that residency loads when a request names it, evicts (least
// recently used, weighted by reload time) when another model needs its memory, and
// unloads after `idle_unload_ms`; the loader turns every entry into an on-demand pool,
// so queues, placement, metrics and the agents' endpoints treat it like any pool.
import { z } from 'zod';
import {
  devicesSchema,
  launchSchema,
  modelSchema,
  poolResidencySchema,
  priceSchema,
  queueSchema,
  timeoutsSchema,
  type PoolConfig,
} from './schema-pool.js';
import { checkPool } from './pool-rules.js';
import { determinismMode, durationMs, engineKind, positiveInt, slugId } from './schema-common.js';

const servableModelObject = z.strictObject({
  id: slugId.describe('The name requests use (`model` / `model_ref`); also the pool id in URLs and metrics.'),
  engine: engineKind.default('llamacpp'),
  source: modelSchema
    .omit({ ref: true })
    .prefault({})
    .describe(
      'Where the weights come from: a GGUF `path`, `generate` (development and CI), or neither to load the catalog model whose id is `id`.',
    ),
  devices: devicesSchema,
  allow_cpu_fallback: z.boolean().default(false).describe('Opt in to the labelled CPU development fallback.'),
  ctx: positiveInt.default(4096).describe('Context window per request slot, in tokens.'),
  launch: launchSchema.prefault({}),
  pinned: poolResidencySchema.shape.pinned,
  idle_unload_ms: poolResidencySchema.shape.idle_unload_ms,
  sampler_profile_version: z.string().min(1).default('default-v1'),
  queue: queueSchema.prefault({}),
  timeouts: timeoutsSchema.prefault({}),
  determinism: determinismMode.default('strict'),
  price: priceSchema.optional(),
});

export type ServableModelConfig = z.output<typeof servableModelObject>;

export const servableModelSchema = servableModelObject
  .superRefine((model, ctx) =>
    // The pool rules (CPU fallback opt-in, determinism, launch flags) hold for a model's pool too.
    checkPool(modelAsPool(model), ({ path, message }) =>
      ctx.addIssue({ code: 'custom', path: path.map((p) => (p === 'model' ? 'source' : p)), message }),
    ),
  )
  .describe('A model llama-orch may serve without keeping it loaded.');

export const residencySchema = z
  .strictObject({
    cpu_memory_mib: positiveInt
      .optional()
      .describe(
        'Memory the CPU development fallback may fill with on-demand models, standing in for VRAM; ' +
          'omit to let them all load. Fixed pools are not counted.',
      ),
    max_wait_ms: durationMs
      .default(30_000)
      .describe(
        'Longest a queued request for an unloaded model waits while a loaded model keeps serving its own queue; ' +
          'past it, the loaded model stops taking new work so it can be swapped out.',
      ),
    load_backoff_ms: durationMs
      .default(5_000)
      .describe(
        'After a failed load, how long requests for that model are refused before a load is tried again (doubling per failure).',
      ),
  })
  .describe('How on-demand models share memory (CFG-023).');

/** CFG-022: the on-demand pool a `models` entry stands for. */
export function modelAsPool(model: ServableModelConfig): PoolConfig {
  const { source, pinned, idle_unload_ms, ...fields } = model;
  return {
    ...fields,
    model: { ref: model.id, ...source },
    replicas: 1,
    preload: pinned,
    residency: { pinned, ...(idle_unload_ms === undefined ? {} : { idle_unload_ms }) },
  };
}
