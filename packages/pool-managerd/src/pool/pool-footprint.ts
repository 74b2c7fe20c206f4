// POOL-053: the memory one replica of a pool needs (weights + KV cache for
// ctx × slots + overhead), read from the GGUF header without starting
// anything, so orchestratord can plan on-demand loads before they happen.
// Only launched llama.cpp pools have a header to read; the rest answer null.
import type { PoolConfig } from '@llama-orch/contracts';
import { readGgufHeader } from '@llama-orch/engine-provision';
import type { Logger } from 'pino';
import type { ModelSource } from '../preflight/model-source.js';
import { estimateFootprint, modelShape } from '../preflight/vram-estimate.js';

export async function poolFootprint(
  pool: PoolConfig,
  models: ModelSource,
  logger: Logger,
): Promise<number | null> {
  if (pool.engine !== 'llamacpp' || pool.launch === undefined) return null;
  try {
    // Resolving writes a generated model and hashes the file; preflight reuses the digest.
    const model = await models.resolve(pool.model.ref, pool.model);
    const shape = modelShape(await readGgufHeader(model.path));
    return estimateFootprint(shape, { ctx: pool.ctx, slots: pool.launch.parallel }).total_bytes;
  } catch (err) {
    logger.warn(
      { pool_id: pool.id, model_ref: pool.model.ref, reason: (err as Error).message },
      'footprint unknown: the model file cannot be read as GGUF; footprint_bytes stays null',
    );
    return null;
  }
}
