// POOL-026, MET-019, MET-026, MET-039, HOME-002: GPU figures sampled by pool-managerd
// reach orchestratord's /metrics as gpu_utilization (ratio), vram_used_bytes
// and vram_total_bytes (bytes) per replica and device UUID, and follow the cards
// as they change. Two replicas of a small model land one per GPU.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RTX_3060, RTX_3090, createFakeNvidiaSmi, referenceWorkstation } from '@llama-orch/fake-nvidia-smi';
import type { FakeNvidiaSmi } from '@llama-orch/fake-nvidia-smi';
import { FAKE_LLAMA_SERVER, startStack, waitFor } from '../src/index.js';
import type { Stack } from '../src/index.js';

let fake: FakeNvidiaSmi;
let stack: Stack;

beforeAll(async () => {
  fake = await createFakeNvidiaSmi(referenceWorkstation());
  stack = await startStack({
    env: fake.env(),
    pools: [
      {
        id: 'gpu',
        replicas: 2,
        devices: [0, 1],
        ctx: 512,
        model: { ref: 'small', generate: { kind: 'bigram', seed: 42 } },
        launch: { binary: FAKE_LLAMA_SERVER },
      },
    ],
  });
  await stack.serving();
}, 90_000);

afterAll(async () => {
  expect(await stack?.stop()).toBe(0);
  await fake?.remove();
});

const series = async (name: string, replica: string, uuid: string): Promise<number | undefined> => {
  const text = await (await stack.api('/metrics')).text();
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith(`${name}{`) && l.includes(`replica_id="${replica}"`) && l.includes(`device="${uuid}"`),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
};

describe('GPU telemetry', () => {
  it('places the two replicas one per GPU [HOME-002]', async () => {
    expect((await stack.replicas('gpu')).map((r) => [r.id, r.devices])).toEqual([
      ['gpu-0', [0]],
      ['gpu-1', [1]],
    ]);
  });

  it('exports utilisation as a ratio and VRAM used in bytes per device UUID, and follows changes [POOL-026, MET-019]', async () => {
    await fake.update((s) => {
      s.gpus[0]!.utilization_percent = 42;
      s.gpus[0]!.memory_used_mib = 4096;
      s.gpus[1]!.utilization_percent = 7;
    });
    const util0 = await waitFor(
      '3090 utilisation',
      async () => ((await series('gpu_utilization', 'gpu-0', RTX_3090.uuid)) === 0.42 ? 0.42 : undefined),
      20_000,
    );
    expect(util0).toBe(0.42);
    expect(await series('vram_used_bytes', 'gpu-0', RTX_3090.uuid)).toBe(4096 * 1024 * 1024);
    await waitFor(
      '3060 utilisation',
      async () => (await series('gpu_utilization', 'gpu-1', RTX_3060.uuid)) === 0.07,
      20_000,
    );
    // A replica is only labelled with the cards of its own mask.
    expect(await series('gpu_utilization', 'gpu-0', RTX_3060.uuid)).toBeUndefined();
  }, 60_000);

  it("exports each card's size beside its used memory, so free VRAM is their difference [MET-039]", async () => {
    expect(await series('vram_total_bytes', 'gpu-0', RTX_3090.uuid)).toBe(24576 * 1024 * 1024);
    expect(await series('vram_total_bytes', 'gpu-1', RTX_3060.uuid)).toBe(12288 * 1024 * 1024);
    // A replica is only labelled with the cards of its own mask.
    expect(await series('vram_total_bytes', 'gpu-0', RTX_3060.uuid)).toBeUndefined();
  });
});
