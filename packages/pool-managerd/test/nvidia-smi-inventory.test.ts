// POOL-002, POOL-007, MET-019: GPU inventory from nvidia-smi: lenient parsing,
// unit conversion, and every failure mode becoming an empty inventory whose
// detail quotes the command. Runs against the fake nvidia-smi executable.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DRIVER_FAILURE,
  RTX_3060,
  createFakeNvidiaSmi,
  referenceWorkstation,
} from '@llama-orch/fake-nvidia-smi';
import type { FakeNvidiaSmi } from '@llama-orch/fake-nvidia-smi';
import { NVIDIA_SMI_COMMAND, parseNvidiaSmiCsv, probeGpus } from '../src/index.js';

const MIB = 1024 * 1024;

describe('parsing nvidia-smi CSV', () => {
  it('converts MiB to bytes and percent to a ratio [POOL-002, MET-019]', () => {
    const [gpu] = parseNvidiaSmiCsv('0, GPU-abc, NVIDIA GeForce RTX 3090, 24576, 512, 24064, 37\n');
    expect(gpu).toEqual({
      index: 0,
      uuid: 'GPU-abc',
      name: 'NVIDIA GeForce RTX 3090',
      memory_total_bytes: 24576 * MIB,
      memory_used_bytes: 512 * MIB,
      memory_free_bytes: 24064 * MIB,
      utilization_ratio: 0.37,
    });
  });

  it('turns [N/A] and [Not Supported] into null and keeps numbers right-aligned past a comma in the name [POOL-002]', () => {
    const gpus = parseNvidiaSmiCsv('1, GPU-def, Tesla, Rev. B, [N/A], [N/A], [N/A], [Not Supported]\n\n');
    expect(gpus).toHaveLength(1);
    expect(gpus[0]).toMatchObject({
      index: 1,
      name: 'Tesla, Rev. B',
      memory_total_bytes: null,
      utilization_ratio: null,
    });
  });

  it('refuses a line with too few fields', () => {
    expect(() => parseNvidiaSmiCsv('0, GPU-x, 1024\n')).toThrow(/expected 7 fields/);
  });
});

describe('probing the host', () => {
  let fake: FakeNvidiaSmi;
  beforeAll(async () => {
    fake = await createFakeNvidiaSmi(referenceWorkstation());
  });
  afterAll(() => fake.remove());

  it('lists the 3090 and the 3060 of the reference workstation [POOL-002]', async () => {
    const sample = await probeGpus({ env: fake.env() });
    expect(sample.probe).toEqual({ ok: true, detail: null });
    expect(sample.gpus.map((g) => [g.index, g.name, g.memory_free_bytes])).toEqual([
      [0, 'NVIDIA GeForce RTX 3090', (24576 - 512) * MIB],
      [1, 'NVIDIA GeForce RTX 3060', (12288 - 256) * MIB],
    ]);
  });

  it('sees state changes on the next call', async () => {
    await fake.update((s) => {
      s.gpus[1]!.memory_used_mib = 12000;
      s.gpus[1]!.utilization_percent = 88;
    });
    const gpu = (await probeGpus({ env: fake.env() })).gpus[1]!;
    expect(gpu.memory_free_bytes).toBe(288 * MIB);
    expect(gpu.utilization_ratio).toBe(0.88);
    await fake.write(referenceWorkstation());
  });

  it('reports a missing nvidia-smi with the command quoted, and no GPUs [POOL-007]', async () => {
    const sample = await probeGpus({ env: { ...process.env, PATH: path.dirname(process.execPath) } });
    expect(sample.gpus).toEqual([]);
    expect(sample.probe.ok).toBe(false);
    expect(sample.probe.detail).toContain(NVIDIA_SMI_COMMAND);
    expect(sample.probe.detail).toMatch(/not on PATH/);
  });

  it('reports a failing driver with what nvidia-smi printed [POOL-007, HOME-011]', async () => {
    await fake.write({ gpus: [RTX_3060], failure: DRIVER_FAILURE });
    const sample = await probeGpus({ env: fake.env() });
    expect(sample.gpus).toEqual([]);
    expect(sample.probe.detail).toContain("couldn't communicate with the NVIDIA driver");
    expect(sample.probe.detail).toContain(NVIDIA_SMI_COMMAND);
    await fake.write(referenceWorkstation());
  });

  it('treats an empty device list as no inventory [POOL-007]', async () => {
    await fake.write({ gpus: [] });
    const sample = await probeGpus({ env: fake.env() });
    expect(sample.probe.ok).toBe(false);
    expect(sample.probe.detail).toMatch(/No devices were found/);
    await fake.write(referenceWorkstation());
  });
});
