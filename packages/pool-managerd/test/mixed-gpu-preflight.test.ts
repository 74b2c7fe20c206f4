// POOL-004, POOL-005, POOL-007, POOL-013, POOL-014, POOL-021, HOME-002,
// HOME-003, HOME-008: placement and failures on the reference 3090 + 3060,
// with a fake nvidia-smi describing the cards and a fake llama-server (the
// engine simulator behind llama-server's command line) standing in for CUDA.
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DRIVER_FAILURE, createFakeNvidiaSmi, referenceWorkstation } from '@llama-orch/fake-nvidia-smi';
import type { FakeNvidiaSmi } from '@llama-orch/fake-nvidia-smi';
import { encodeGguf, tinyModelDocument } from '@llama-orch/engine-provision';
import { writeFile } from 'node:fs/promises';
import { writeBigShapeModel } from './support/big-shape-model.js';
import { FAKE_LLAMA_SERVER, TOKEN, path_of, startTestPoolManagerd, waitFor } from './support/pool-harness.js';
import type { TestPoolManagerd } from './support/pool-harness.js';

const GIB = 1024 ** 3;
const bigShapeModel = path.join(os.tmpdir(), `llorch-70b-shape-${process.pid}.gguf`);
const tinyModel = path.join(os.tmpdir(), `llorch-tiny-${process.pid}.gguf`);
const versionFile = path.join(os.tmpdir(), `llorch-engine-version-${process.pid}`);
let fake: FakeNvidiaSmi;
let pm: TestPoolManagerd | undefined;

async function environOf(pid: number): Promise<Record<string, string>> {
  const raw = await readFile(`/proc/${pid}/environ`, 'utf8');
  return Object.fromEntries(
    raw
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
}

const gpuPool = (over: Record<string, unknown>) => ({
  engine: 'llamacpp',
  devices: [0, 1],
  launch: { binary: FAKE_LLAMA_SERVER },
  ...over,
});

beforeAll(async () => {
  fake = await createFakeNvidiaSmi(referenceWorkstation());
  await writeBigShapeModel(bigShapeModel);
  await writeFile(tinyModel, encodeGguf(tinyModelDocument({ kind: 'bigram', seed: 2 })));
});
afterEach(async () => {
  await pm?.close();
  pm = undefined;
  await fake.write(referenceWorkstation());
});
afterAll(async () => {
  await fake.remove();
  await Promise.all([bigShapeModel, tinyModel, versionFile].map((f) => rm(f, { force: true })));
});

describe('VRAM preflight on the 3090 + 3060', () => {
  it('places a model that only fits the 3090 there, bound by CUDA_VISIBLE_DEVICES, and refuses an oversized one naming GPU and shortfall [POOL-004, POOL-005, HOME-002]', async () => {
    pm = await startTestPoolManagerd({
      env: fake.env(),
      pools: [
        // 80 layers × 8 KV heads × 256 × 2 bytes × 65536 ctx = 20 GiB of KV cache: only the 3090 has that.
        gpuPool({ id: 'big', ctx: 65536, model: { ref: 'big', path: bigShapeModel } }),
        gpuPool({ id: 'huge', ctx: 131072, model: { ref: 'huge', path: bigShapeModel } }),
      ],
    });
    await pm.daemon.manager.settled();
    const big = pm.replica('big-0');
    expect(big).toMatchObject({ state: 'Ready', devices: [0], cpu_fallback: false });
    expect(big.vram_bytes).toBeGreaterThan(20 * GIB);
    const env = await environOf(big.pid!);
    expect(env['CUDA_VISIBLE_DEVICES']).toBe('0');
    expect(env['CUDA_DEVICE_ORDER']).toBe('PCI_BUS_ID');

    const huge = pm.replica('huge-0');
    expect(huge.state).toBe('Stopped');
    expect(path_of(pm.events, 'huge-0')).toEqual(['Stopped->Preflight', 'Preflight->Stopped']);
    expect(huge.last_error).toMatch(
      /needs 40\.5 GiB \(weights .* \+ KV cache 40\.0 GiB for ctx 131072 × 1 slot\(s\) \+ overhead 512 MiB\) on one GPU/,
    );
    // 23.5 GiB free on the 3090, or 3.0 once the 20.5 GiB of `big` is reserved there (whichever planned first).
    expect(huge.last_error).toMatch(
      /GPU 0 \(NVIDIA GeForce RTX 3090\) has (23\.5 GiB free \(short by 17\.0|3\.0 GiB free \(short by 37\.5) GiB\)/,
    );
    expect(huge.last_error).toContain(
      'GPU 1 (NVIDIA GeForce RTX 3060) has 11.8 GiB free (short by 28.8 GiB)',
    );
    expect(pm.daemon.manager.pool('huge')!.health()).toMatchObject({
      ready: false,
      last_error: huge.last_error,
    });
  });

  it('spreads two replicas of a small model one per GPU [HOME-002, POOL-005]', async () => {
    pm = await startTestPoolManagerd({
      env: fake.env(),
      pools: [gpuPool({ id: 'small', replicas: 2, ctx: 512, model: { ref: 'small', path: tinyModel } })],
    });
    await pm.daemon.manager.settled();
    const replicas = pm.daemon.manager.replicas('small');
    expect(replicas.map((r) => [r.state, r.devices])).toEqual([
      ['Ready', [0]],
      ['Ready', [1]],
    ]);
    expect((await environOf(replicas[1]!.pid!))['CUDA_VISIBLE_DEVICES']).toBe('1');
  });
});

describe('no usable GPU', () => {
  it('keeps GPU pools not-ready with nvidia-smi’s own words while the explicit CPU fallback serves, labelled [POOL-007, POOL-021, HOME-008, HOME-011]', async () => {
    await fake.write({ gpus: [], failure: DRIVER_FAILURE });
    pm = await startTestPoolManagerd({
      env: fake.env(),
      pools: [
        gpuPool({ id: 'gpu', devices: [0], model: { ref: 'small', path: tinyModel } }),
        {
          id: 'dev',
          engine: 'llamacpp',
          devices: 'cpu',
          allow_cpu_fallback: true,
          launch: { binary: FAKE_LLAMA_SERVER },
          model: { ref: 'small', path: tinyModel },
        },
      ],
    });
    await pm.daemon.manager.settled();
    expect(pm.replica('gpu-0')).toMatchObject({
      state: 'Stopped',
      last_error: expect.stringContaining("couldn't communicate with the NVIDIA driver"),
    });
    expect(pm.replica('gpu-0').last_error).toContain('Nothing falls back to the CPU on its own');
    const dev = pm.replica('dev-0');
    expect(dev).toMatchObject({ state: 'Ready', cpu_fallback: true, devices: [], vram_bytes: null });
    expect((await environOf(dev.pid!))['CUDA_VISIBLE_DEVICES']).toBe('');
    const gpus = await (
      await fetch(`${pm.url}/v1/gpus`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json();
    expect(gpus).toMatchObject({
      gpus: [],
      cpu_fallback: true,
      probe: { ok: false, detail: expect.stringContaining('nvidia-smi') },
    });
    const ready = await fetch(`${pm.url}/readyz`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reasons: string[] }).reasons).toEqual([
      expect.stringMatching(/^pool gpu: no replica is Ready \(pool gpu needs GPUs \[0\]/),
    ]);
  });
});

describe('engine failures on the GPU', () => {
  it('reports VRAM OOM from the engine’s output and opens the circuit after a restart storm [POOL-013, POOL-014, POOL-048]', async () => {
    pm = await startTestPoolManagerd({
      env: fake.env(),
      restartPolicy: {
        baseMs: 50,
        capMs: 100,
        jitterRatio: 0,
        maxFailures: 3,
        windowMs: 60_000,
        cooldownMs: 600_000,
      },
      pools: [
        gpuPool({
          id: 'oom',
          devices: [1],
          model: { ref: 'small', path: tinyModel },
          launch: { binary: FAKE_LLAMA_SERVER, env: { FAKE_ENGINE_FAULTS: 'oom-at-load' } },
        }),
      ],
    });
    const open = await waitFor(
      'circuit open',
      () => pm!.replica('oom-0').state === 'CircuitOpen' && pm!.replica('oom-0'),
      60_000,
    );
    expect(open.last_error).toMatch(
      /^VRAM OOM: the engine could not allocate GPU memory \(exited with code 1\): .*out of memory.*\(before becoming ready\)$/,
    );
    expect(path_of(pm.events, 'oom-0').filter((t) => t.endsWith('->Failed'))).toHaveLength(3);
    expect(pm.daemon.manager.pool('oom')!.health()).toMatchObject({
      ready: false,
      last_error: open.last_error,
      metrics: { replicas_circuit_open: 1 },
    });
    // POOL-048: the health names the replica, its open breaker and the cool-down left.
    const [replica] = pm.daemon.manager.pool('oom')!.health().replicas;
    expect(replica).toMatchObject({
      id: 'oom-0',
      state: 'CircuitOpen',
      breaker: 'open',
      restarts: open.restarts,
      last_error: open.last_error,
      pid: null,
    });
    expect(replica!.retry_in_ms).toBeGreaterThan(0);
    expect(replica!.retry_in_ms).toBeLessThanOrEqual(600_000);
    expect(await readFile(path.join(pm.stateDir, 'logs', 'oom-0.log'), 'utf8')).toContain(
      'cudaMalloc of 8589934592 bytes on device 0 failed: out of memory',
    );
  });

  it('refuses a restarted replica whose engine now reports another engine_version than the pool pins [POOL-019]', async () => {
    await writeFile(versionFile, 'b100-aaaaaaa');
    pm = await startTestPoolManagerd({
      env: fake.env(),
      pools: [
        gpuPool({
          id: 'pinned',
          devices: [0],
          model: { ref: 'small', path: tinyModel },
          launch: { binary: FAKE_LLAMA_SERVER, env: { FAKE_ENGINE_VERSION_FILE: versionFile } },
        }),
      ],
    });
    await pm.daemon.manager.settled();
    const first = pm.replica('pinned-0');
    expect(first.engine_version).toBe('b100-aaaaaaa');
    // The binary under the pool is upgraded, then the engine crashes: the restart must not mix versions.
    await writeFile(versionFile, 'b200-bbbbbbb');
    process.kill(first.pid!, 'SIGKILL');
    await waitFor('version refusal', () =>
      pm!.events.some(
        (e) =>
          e.data.replica_id === 'pinned-0' &&
          e.data.to === 'Failed' &&
          /engine_version/.test(e.data.reason ?? ''),
      ),
    );
    expect(pm.replica('pinned-0').state).not.toBe('Ready');
    expect(pm.replica('pinned-0').last_error).toMatch(
      /engine_version b200-bbbbbbb differs from the pool's b100-aaaaaaa/,
    );
  });

  it('stops the whole pool on a CUDA driver error and does not restart it [POOL-009]', async () => {
    pm = await startTestPoolManagerd({
      env: fake.env(),
      pools: [
        gpuPool({
          id: 'sick',
          replicas: 2,
          model: { ref: 'small', path: tinyModel },
          launch: {
            binary: FAKE_LLAMA_SERVER,
            env: {
              FAKE_ENGINE_STDERR: 'CUDA error: an illegal memory access was encountered',
              FAKE_ENGINE_LOADING_MS: '300',
            },
          },
        }),
      ],
    });
    await waitFor('pool stopped', () =>
      pm!.daemon.manager.replicas('sick').every((r) => r.state === 'Stopped' && r.last_error !== null),
    );
    const health = pm.daemon.manager.pool('sick')!.health();
    expect(health).toMatchObject({ ready: false, live: false });
    expect(health.last_error).toMatch(
      /^GPU driver\/CUDA error in pool sick; the pool is stopped until an operator reloads it: CUDA error: an illegal memory access/,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pm.daemon.manager.replicas('sick').map((r) => r.state)).toEqual(['Stopped', 'Stopped']);
  });
});
