// ORCHD-027, POOL-004: a launched llama.cpp replica reports the KV-cache bytes one
// token of context takes, read from its GGUF header (layers × KV heads × (K + V
// head size) × 2 bytes of f16), so orchestratord can estimate a session's KV.
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_LLAMA_SERVER, startTestPoolManagerd, waitFor } from './support/pool-harness.js';
import type { TestPoolManagerd } from './support/pool-harness.js';
import { writeBigShapeModel } from './support/big-shape-model.js';

const model = path.join(os.tmpdir(), `llorch-kv-shape-${process.pid}.gguf`);
let pm: TestPoolManagerd | undefined;

// 80 layers, 64 heads of 128 (embedding 8192), 8 of them KV heads.
beforeAll(() => writeBigShapeModel(model));
afterEach(async () => {
  await pm?.close();
  pm = undefined;
});
afterAll(() => rm(model, { force: true }));

describe('replica registry', () => {
  it("reports a llama.cpp replica's per-token KV size from its GGUF header [ORCHD-027, POOL-004]", async () => {
    pm = await startTestPoolManagerd({
      pools: [
        {
          id: 'kv',
          engine: 'llamacpp',
          devices: 'cpu',
          allow_cpu_fallback: true,
          ctx: 512,
          model: { ref: 'kv', path: model },
          launch: { binary: FAKE_LLAMA_SERVER },
        },
      ],
    });
    const ready = await waitFor(
      'replica kv-0 Ready',
      async () => {
        const { data } = await pm!.client.GET('/v1/replicas');
        const replica = data?.replicas[0];
        return replica?.state === 'Ready' ? replica : undefined;
      },
      20_000,
    );
    expect(ready.kv_bytes_per_token).toBe(80 * 8 * (128 + 128) * 2);
  });
});
