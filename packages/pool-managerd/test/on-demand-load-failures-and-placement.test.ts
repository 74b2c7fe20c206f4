// POOL-052, POOL-004, POOL-005: loads of on-demand pools on the reference
// 3090 + 3060 (fake nvidia-smi, llama-server simulator): one that fits only
// the 3090 lands there; one that fits nowhere, or whose engine dies while
// loading, answers `failed` with the cause and is left Stopped, not retried.
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeNvidiaSmi, referenceWorkstation } from '@llama-orch/fake-nvidia-smi';
import type { FakeNvidiaSmi } from '@llama-orch/fake-nvidia-smi';
import { encodeGguf, tinyModelDocument } from '@llama-orch/engine-provision';
import { writeBigShapeModel } from './support/big-shape-model.js';
import { FAKE_LLAMA_SERVER, FAST_RESTARTS, path_of, startTestPoolManagerd } from './support/pool-harness.js';
import type { TestPoolManagerd } from './support/pool-harness.js';

const GIB = 1024 ** 3;
const bigShapeModel = path.join(os.tmpdir(), `llorch-od-70b-shape-${process.pid}.gguf`);
const tinyModel = path.join(os.tmpdir(), `llorch-od-tiny-${process.pid}.gguf`);
const notGguf = path.join(os.tmpdir(), `llorch-od-not-gguf-${process.pid}.gguf`);
let fake: FakeNvidiaSmi;
let pm: TestPoolManagerd | undefined;

const gpuModel = (over: Record<string, unknown>) => ({
  devices: [0, 1],
  launch: { binary: FAKE_LLAMA_SERVER },
  ...over,
});

const load = (id: string, devices?: number[]) =>
  pm!.client.POST('/v1/pools/{id}/load', {
    params: { path: { id } },
    ...(devices !== undefined && { body: { devices } }),
  });

beforeAll(async () => {
  fake = await createFakeNvidiaSmi(referenceWorkstation());
  await writeBigShapeModel(bigShapeModel);
  await writeFile(tinyModel, encodeGguf(tinyModelDocument({ kind: 'bigram', seed: 2 })));
  await writeFile(notGguf, 'these are not the weights you are looking for\n');
});
afterEach(async () => {
  await pm?.close();
  pm = undefined;
});
afterAll(async () => {
  await fake.remove();
  await Promise.all([bigShapeModel, tinyModel, notGguf].map((f) => rm(f, { force: true })));
});

describe('loading on-demand models on the 3090 + 3060', () => {
  it('places a model that fits only the 3090 there, and refuses one that fits no GPU naming each shortfall [POOL-052, POOL-004]', async () => {
    pm = await startTestPoolManagerd({
      env: fake.env(),
      models: [
        // 80 layers × 8 KV heads × 256 × 2 bytes × 65536 ctx = 20 GiB of KV cache: only the 3090 has that.
        gpuModel({ id: 'big', ctx: 65536, source: { path: bigShapeModel } }),
        gpuModel({ id: 'huge', ctx: 131072, source: { path: bigShapeModel } }),
        gpuModel({ id: 'junk', source: { path: notGguf } }),
      ],
    });
    const { data } = await pm.client.GET('/v1/pools');
    const footprints = Object.fromEntries(data!.pools.map((p) => [p.id, p.footprint_bytes]));
    expect(footprints['big']).toBeGreaterThan(20 * GIB);
    expect(footprints['huge']).toBeGreaterThan(40 * GIB);
    expect(footprints['junk']).toBeNull();
    expect(pm.log.lines.some((l) => l.includes('junk') && l.includes('footprint unknown'))).toBe(true);

    const big = await load('big');
    expect(big.data).toMatchObject({ outcome: 'loaded', reason: null });
    expect(pm.replica('big-0')).toMatchObject({ state: 'Ready', devices: [0] });

    const huge = await load('huge');
    expect(huge.response.status).toBe(200);
    expect(huge.data).toMatchObject({ pool_id: 'huge', outcome: 'failed' });
    expect(huge.data!.reason).toMatch(/needs 40\.5 GiB .* on one GPU/);
    // 23.5 GiB free on the 3090, or 3.0 while the ledger still holds `big`'s 20.5 GiB (the fake's figures never move).
    expect(huge.data!.reason).toMatch(
      /GPU 0 \(NVIDIA GeForce RTX 3090\) has (23\.5 GiB free \(short by 17\.0|3\.0 GiB free \(short by 37\.5) GiB\)/,
    );
    expect(huge.data!.reason).toContain(
      'GPU 1 (NVIDIA GeForce RTX 3060) has 11.8 GiB free (short by 28.8 GiB)',
    );
    expect(pm.replica('huge-0').state).toBe('Stopped');
    expect(path_of(pm.events, 'huge-0')).toEqual(['Stopped->Preflight', 'Preflight->Stopped']);

    const junk = await load('junk');
    expect(junk.data).toMatchObject({ pool_id: 'junk', outcome: 'failed' });
    expect(junk.data!.reason).toContain(notGguf);
    expect(pm.replica('junk-0').state).toBe('Stopped');
  });

  it("plans a load over the devices it names (orchestratord's choice), else over the whole mask, and refuses a device outside the mask [POOL-052]", async () => {
    pm = await startTestPoolManagerd({
      env: fake.env(),
      models: [
        gpuModel({ id: 'alone', source: { path: tinyModel } }),
        gpuModel({ id: 'steered', source: { path: tinyModel } }),
        gpuModel({ id: 'astray', source: { path: tinyModel } }),
      ],
    });
    // Fits either card: left to itself, pool-managerd takes the 3090.
    const alone = await load('alone');
    expect(alone.data).toMatchObject({ outcome: 'loaded', reason: null });
    expect(pm.replica('alone-0')).toMatchObject({ state: 'Ready', devices: [0] });

    const steered = await load('steered', [1]);
    expect(steered.data).toMatchObject({ outcome: 'loaded', reason: null });
    expect(pm.replica('steered-0')).toMatchObject({ state: 'Ready', devices: [1] });

    const astray = await load('astray', [5]);
    expect(astray.response.status).toBe(400);
    expect(astray.error).toMatchObject({ code: 'INVALID_PARAMS', retriable: false });
    expect(astray.error!.message).toContain('GPU 5');
    expect(astray.error!.message).toContain('[0, 1]');
    expect(pm.replica('astray-0').state).toBe('Stopped');
    expect(path_of(pm.events, 'astray-0')).toEqual([]);
  });

  it('stops a model whose engine dies while loading and does not restart it on its own [POOL-052]', async () => {
    pm = await startTestPoolManagerd({
      env: fake.env(),
      models: [
        gpuModel({
          id: 'crashy',
          devices: [1],
          source: { path: tinyModel },
          launch: { binary: FAKE_LLAMA_SERVER, env: { FAKE_ENGINE_FAULTS: 'oom-at-load' } },
        }),
      ],
    });
    const crashy = await load('crashy');
    expect(crashy.data).toMatchObject({ pool_id: 'crashy', outcome: 'failed' });
    expect(crashy.data!.reason).toMatch(/^VRAM OOM: the engine could not allocate GPU memory/);
    expect(crashy.data!.load_ms).toBeGreaterThan(0);
    expect(pm.replica('crashy-0')).toMatchObject({ state: 'Stopped', pid: null });
    // Longer than the restart backoff (FAST_RESTARTS): nothing starts again by itself.
    await new Promise((resolve) => setTimeout(resolve, FAST_RESTARTS.capMs! * 3));
    expect(path_of(pm.events, 'crashy-0')).toEqual([
      'Stopped->Preflight',
      'Preflight->Starting',
      'Starting->Loading',
      'Loading->Failed',
      'Failed->Stopped',
    ]);
    expect(pm.replica('crashy-0').state).toBe('Stopped');
  });
});
