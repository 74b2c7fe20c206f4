// POOL-004, POOL-005, POOL-007, POOL-021, HOME-002, HOME-003: the VRAM
// footprint of a model (weights + KV cache + headroom) and which GPU of the
// 3090 + 3060 reference a replica lands on. Pure: no process is started.
import { describe, expect, it } from 'vitest';
import { parseNvidiaSmiCsv } from '../src/index.js';
import {
  DEFAULT_VRAM_OVERHEAD_BYTES,
  PoolManagerError,
  estimateFootprint,
  narrowPool,
  planReplica,
  vramTable,
} from '../src/index.js';
import type { ModelShape, PlannedPool } from '../src/index.js';

const GIB = 1024 ** 3;
// The reference workstation as nvidia-smi prints it (MiB).
const gpus = parseNvidiaSmiCsv(
  [
    '0, GPU-a, NVIDIA GeForce RTX 3090, 24576, 512, 24064, 0',
    '1, GPU-b, NVIDIA GeForce RTX 3060, 12288, 256, 12032, 0',
  ].join('\n'),
);
const pool = (over: Partial<PlannedPool> = {}): PlannedPool => ({
  id: 'p',
  devices: [0, 1],
  allow_cpu_fallback: false,
  ...over,
});
const plan = (requiredBytes: number, p: PlannedPool = pool(), table = vramTable(gpus)) =>
  planReplica({
    pool: p,
    requiredBytes,
    requirement: `${requiredBytes} bytes`,
    gpus,
    probeFailure: null,
    table,
  });

describe('VRAM footprint', () => {
  it('adds weights, f16 K and V for every layer, ctx and slot, and the fixed headroom [POOL-004]', () => {
    // A 70B-class shape: 80 layers, 8 KV heads of 128.
    const shape: ModelShape = {
      architecture: 'llama',
      layers: 80,
      kvHeads: 8,
      keyLength: 128,
      valueLength: 128,
      contextLength: 131072,
      weightsBytes: 4 * GIB,
    };
    const f = estimateFootprint(shape, { ctx: 8192, slots: 2 });
    expect(f.kv_cache_bytes).toBe(80 * 8192 * 2 * 8 * 256 * 2);
    expect(f.overhead_bytes).toBe(DEFAULT_VRAM_OVERHEAD_BYTES);
    expect(f.total_bytes).toBe(4 * GIB + f.kv_cache_bytes + DEFAULT_VRAM_OVERHEAD_BYTES);
  });
});

describe('device plan on the 3090 + 3060', () => {
  it('puts a model that only fits the 3090 on GPU 0 [POOL-004, HOME-002]', () => {
    const { plan: p } = plan(16 * GIB);
    expect(p).toMatchObject({ type: 'gpu', devices: [0], tensor_split: null });
  });

  it('spreads two replicas of a small model one per GPU [HOME-002]', () => {
    const first = plan(2 * GIB);
    const second = plan(2 * GIB, pool(), first.table);
    expect([first.plan, second.plan].map((p) => (p.type === 'gpu' ? p.devices : []))).toEqual([[0], [1]]);
  });

  it('refuses an oversized model naming each GPU and its shortfall [POOL-004]', () => {
    let error: unknown;
    try {
      plan(30 * GIB);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PoolManagerError);
    const message = (error as PoolManagerError).message;
    expect((error as PoolManagerError).code).toBe('VRAM_INSUFFICIENT');
    expect(message).toContain('GPU 0 (NVIDIA GeForce RTX 3090) has 23.5 GiB free (short by 6.5 GiB)');
    expect(message).toContain('GPU 1 (NVIDIA GeForce RTX 3060) has 11.8 GiB free (short by 18.3 GiB)');
  });

  it('never looks outside the mask: a 3060-only pool cannot borrow the 3090 [POOL-005, HOME-003]', () => {
    expect(() => plan(16 * GIB, pool({ devices: [1] }))).toThrow(/GPU 1 \(NVIDIA GeForce RTX 3060\)/);
    expect(plan(4 * GIB, pool({ devices: [1] })).plan).toMatchObject({ devices: [1] });
  });

  it('caps a tensor_split share at what the smaller GPU has free and moves the rest [POOL-004]', () => {
    // 1:1 of 30 GiB would put 15 GiB on the 3060 (11.75 free): it is capped, the 3090 takes the rest.
    const { plan: p } = plan(30 * GIB, pool({ tensor_split: [1, 1] }));
    expect(p.type).toBe('gpu');
    if (p.type !== 'gpu') return;
    expect(p.devices).toEqual([0, 1]);
    expect(p.reserved_bytes[1]).toBe(12032 * 1024 * 1024);
    expect(p.reserved_bytes[0]! + p.reserved_bytes[1]!).toBeGreaterThanOrEqual(30 * GIB);
    expect(p.tensor_split![0]).toBeGreaterThan(p.tensor_split![1]!);
  });

  it('refuses a split that the two cards cannot hold together [POOL-004]', () => {
    expect(() => plan(40 * GIB, pool({ tensor_split: [3, 1] }))).toThrow(
      /together they have only .*\(short by 4\.8 GiB\)/,
    );
  });

  it('plans over the devices a load names, a split keeping each named card its ratio [POOL-052]', () => {
    // Left to the whole mask a 4 GiB model takes the 3090 and a 3:1 split spans both cards.
    expect(plan(4 * GIB, narrowPool(pool(), [1])).plan).toMatchObject({ devices: [1] });
    const split = narrowPool(pool({ devices: [0, 1, 2], tensor_split: [3, 1, 2] }), [2, 0]);
    expect(split).toMatchObject({ devices: [2, 0], tensor_split: [2, 3] });
    expect(plan(10 * GIB, narrowPool(pool({ tensor_split: [3, 1] }), [1])).plan).toMatchObject({
      devices: [1],
      tensor_split: [1],
    });
    expect(narrowPool(pool(), undefined)).toEqual(pool());
  });

  it('refuses a GPU pool when nvidia-smi failed, and never falls back to the CPU [POOL-007, POOL-021]', () => {
    const run = () =>
      planReplica({
        pool: pool(),
        requiredBytes: GIB,
        requirement: '1 GiB',
        gpus: [],
        probeFailure: '`nvidia-smi ...` failed: not on PATH',
        table: [],
      });
    expect(run).toThrow(
      /GPU inventory is empty: `nvidia-smi \.\.\.` failed: not on PATH\. Nothing falls back to the CPU/,
    );
  });

  it('names a device the host does not have [POOL-005]', () => {
    expect(() => plan(GIB, pool({ devices: [2] }))).toThrow(
      /names GPU 2 but nvidia-smi lists only 0: NVIDIA GeForce RTX 3090, 1: NVIDIA GeForce RTX 3060/,
    );
  });

  it('plans the labelled CPU fallback only for a cpu pool [POOL-021]', () => {
    expect(plan(100 * GIB, pool({ devices: 'cpu', allow_cpu_fallback: true })).plan).toEqual({ type: 'cpu' });
  });
});
