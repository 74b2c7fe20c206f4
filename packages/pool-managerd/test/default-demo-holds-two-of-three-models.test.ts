// CFG-011, CFG-023, POOL-053: the default config's residency demo stays a demo.
// Its three on-demand tiny models must not all fit `residency.cpu_memory_mib`
// while any two do, so asking for the third evicts one. The footprints are
// computed as pool-managerd reports them: each model's GGUF generated as at
// startup, then weights + KV for ctx × slots + overhead from its header.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '@llama-orch/contracts';
import { readGgufHeader, writeTinyModel } from '@llama-orch/engine-provision';
import { estimateFootprint, modelShape } from '../src/index.js';

const MIB = 1024 * 1024;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'llorch-demo-footprint-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function footprintBytes(pool: ReturnType<typeof defaultConfig>['pools'][number]): Promise<number> {
  const generate = pool.model.generate;
  if (generate === undefined) throw new Error(`${pool.id} is not a generated model`);
  const written = await writeTinyModel({ ...generate, path: path.join(dir, `${pool.id}.gguf`) });
  const shape = modelShape(await readGgufHeader(written.path));
  return estimateFootprint(shape, { ctx: pool.ctx, slots: pool.launch?.parallel ?? 1 }).total_bytes;
}

describe('default config residency demo', () => {
  it('its CPU memory budget holds any two of the three on-demand models but not all three [CFG-011, CFG-023, POOL-053]', async () => {
    const config = defaultConfig();
    const onDemand = config.pools.filter((p) => p.residency !== undefined);
    expect(onDemand.map((p) => p.id)).toEqual(['tiny-coder', 'tiny-chat', 'tiny-helper']);
    const budget = (config.residency.cpu_memory_mib ?? Number.POSITIVE_INFINITY) * MIB;
    const sizes = await Promise.all(onDemand.map(footprintBytes));
    const pairs = [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const;
    for (const [a, b] of pairs) {
      expect(
        (sizes[a] ?? 0) + (sizes[b] ?? 0),
        `${onDemand[a]?.id} + ${onDemand[b]?.id}`,
      ).toBeLessThanOrEqual(budget);
    }
    expect(sizes.reduce((sum, s) => sum + s, 0)).toBeGreaterThan(budget);
  });
});
