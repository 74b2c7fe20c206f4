// HOME-007, HOME-008, POOL-021, POOL-022: `pnpm start` without a config runs
// the built-in default fitted to the host: the labelled CPU fallback when no
// GPU answers, or when there is no way to build llama-server for CUDA; all
// GPUs with full offload when nvidia-smi lists them and nvcc is there.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVER_FAILURE, createFakeNvidiaSmi, referenceWorkstation } from '@llama-orch/fake-nvidia-smi';
import type { FakeNvidiaSmi } from '@llama-orch/fake-nvidia-smi';
import { defaultConfigForHost } from '../src/index.js';

let fake: FakeNvidiaSmi;
let toolDir: string;
let stateDir: string;

beforeAll(async () => {
  fake = await createFakeNvidiaSmi(referenceWorkstation());
  toolDir = await mkdtemp(path.join(os.tmpdir(), 'llorch-nvcc-'));
  stateDir = path.join(toolDir, 'state');
  await writeFile(path.join(toolDir, 'nvcc'), '#!/bin/sh\necho "Cuda compilation tools, release 12.4"\n');
  await chmod(path.join(toolDir, 'nvcc'), 0o755);
});
afterAll(async () => {
  await fake.remove();
  await rm(toolDir, { recursive: true, force: true });
});

// An empty cache root, so no CUDA build of llama-server is found and nvcc decides.
const env = (extra: string | null) => {
  const base = fake.env({ ...process.env, XDG_CACHE_HOME: path.join(toolDir, 'cache') });
  return extra === null ? base : { ...base, PATH: `${extra}${path.delimiter}${base['PATH']}` };
};

describe('default config for this host', () => {
  it('moves the default pools onto every GPU nvidia-smi lists when CUDA can be built [HOME-007, POOL-022]', async () => {
    const host = await defaultConfigForHost({ stateDir, env: env(toolDir) });
    expect(host.mode).toBe('gpu');
    expect(host.note).toBe(
      'serving the default models on GPU(s) 0 (NVIDIA GeForce RTX 3090), 1 (NVIDIA GeForce RTX 3060)',
    );
    for (const pool of host.config.pools) {
      expect(pool).toMatchObject({ devices: [0, 1], allow_cpu_fallback: false, launch: { gpu_layers: 999 } });
    }
    expect(host.config.pools.find((p) => p.id === 'tiny-bigram')?.replicas).toBe(2);
  });

  it('stays on the labelled CPU fallback when GPUs exist but llama-server cannot be built for them [HOME-008, POOL-021]', async () => {
    const host = await defaultConfigForHost({
      stateDir,
      env: { ...env(null), PATH: `${fake.binDir}${path.delimiter}/usr/bin${path.delimiter}/bin` },
    });
    expect(host.mode).toBe('cpu-fallback');
    expect(host.note).toMatch(/found 2 GPU\(s\) but no CUDA toolkit \(nvcc\)/);
    expect(host.config.pools.every((p) => p.devices === 'cpu' && p.allow_cpu_fallback)).toBe(true);
  });

  it('uses the CPU fallback, saying why, when no GPU answers [HOME-008, HOME-011]', async () => {
    await fake.write({ gpus: [], failure: DRIVER_FAILURE });
    const host = await defaultConfigForHost({ stateDir, env: env(toolDir) });
    expect(host.mode).toBe('cpu-fallback');
    expect(host.note).toMatch(
      /^no GPU found \(`nvidia-smi .*couldn't communicate with the NVIDIA driver.*\); serving on the labelled CPU development fallback$/,
    );
    await fake.write(referenceWorkstation());
  });
});
