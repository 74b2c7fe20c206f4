// POOL-004, POOL-005, POOL-007, POOL-021, POOL-052, HOME-002, HOME-003: which GPUs one
// replica gets. Pure over an inventory snapshot and a table of free VRAM that
// earlier replicas in the same plan have already reserved from. Whole-model
// replicas go through orchestrator-core's fit-then-spread choice; tensor-split
// replicas span the mask with shares capped by what each card has free. A load
// that names devices (POOL-052) plans over that part of the mask alone.
import { chooseDeviceForModel, reserveVram } from '@llama-orch/orchestrator-core';
import type { DeviceVram } from '@llama-orch/orchestrator-core';
import type { Gpu } from '@llama-orch/contracts';
import { PoolManagerError } from '../errors.js';
import { formatBytes } from './vram-estimate.js';

export interface PlannedPool {
  id: string;
  devices: number[] | 'cpu';
  allow_cpu_fallback: boolean;
  tensor_split?: number[] | undefined;
}

export type DevicePlan =
  | { type: 'cpu' }
  | { type: 'gpu'; devices: number[]; tensor_split: number[] | null; reserved_bytes: number[] };

export interface PlanInput {
  pool: PlannedPool;
  /** Bytes the replica needs in total (weights + KV + overhead). */
  requiredBytes: number;
  /** Human description of requiredBytes, quoted in refusals. */
  requirement: string;
  gpus: readonly Gpu[];
  /** null when nvidia-smi answered; else why not (quoted in the refusal). */
  probeFailure: string | null;
  /** Free VRAM per device after earlier reservations. */
  table: readonly DeviceVram[];
}

export interface PlanResult {
  plan: DevicePlan;
  table: DeviceVram[];
}

/**
 * The pool as one load sees it: `devices` (a subset of its mask, checked by the
 * caller) in place of the mask, each keeping its configured split ratio.
 */
export function narrowPool(pool: PlannedPool, devices: readonly number[] | undefined): PlannedPool {
  if (devices === undefined || pool.devices === 'cpu') return pool;
  const mask = pool.devices;
  const ratios = pool.tensor_split;
  return {
    ...pool,
    devices: [...devices],
    tensor_split: ratios && devices.map((d) => ratios[mask.indexOf(d)] ?? 0),
  };
}

export function vramTable(gpus: readonly Gpu[]): DeviceVram[] {
  return gpus.map((g) => ({
    device: g.index,
    total_bytes: g.memory_total_bytes ?? 0,
    free_bytes: g.memory_free_bytes ?? 0,
  }));
}

const gpuLabel = (gpus: readonly Gpu[], device: number): string =>
  `GPU ${device} (${gpus.find((g) => g.index === device)?.name ?? 'unknown'})`;

function refuse(
  code: 'NO_GPU' | 'DEVICE_MISSING' | 'VRAM_INSUFFICIENT',
  poolId: string,
  message: string,
): never {
  throw new PoolManagerError(code, message, { poolId });
}

/** Plans one replica; throws PoolManagerError (NO_GPU, DEVICE_MISSING, VRAM_INSUFFICIENT). */
export function planReplica(input: PlanInput): PlanResult {
  const { pool, gpus } = input;
  if (pool.devices === 'cpu') return { plan: { type: 'cpu' }, table: [...input.table] };
  const mask = pool.devices;
  if (input.probeFailure !== null) {
    refuse(
      'NO_GPU',
      pool.id,
      `pool ${pool.id} needs GPUs [${mask.join(', ')}] but the GPU inventory is empty: ${input.probeFailure}. ` +
        'Nothing falls back to the CPU on its own; fix the driver, or set devices: cpu with allow_cpu_fallback: true for development.',
    );
  }
  const missing = mask.filter((d) => !gpus.some((g) => g.index === d));
  if (missing.length > 0) {
    const present = gpus.map((g) => `${g.index}: ${g.name}`).join(', ');
    refuse(
      'DEVICE_MISSING',
      pool.id,
      `pool ${pool.id} names GPU ${missing.join(', ')} but nvidia-smi lists only ${present}; fix devices in the config.`,
    );
  }
  if (pool.tensor_split !== undefined) return planSplit(input, mask, pool.tensor_split);
  const choice = chooseDeviceForModel(
    input.table,
    { model_bytes: input.requiredBytes, device_mask: mask },
    { headroom_ratio: 0 },
  );
  if (choice.type === 'fits') {
    return {
      plan: {
        type: 'gpu',
        devices: [choice.device],
        tensor_split: null,
        reserved_bytes: [choice.required_bytes],
      },
      table: reserveVram(input.table, choice.device, choice.required_bytes),
    };
  }
  const perDevice = mask.map((d) => {
    const free = input.table.find((t) => t.device === d)?.free_bytes ?? 0;
    return `${gpuLabel(gpus, d)} has ${formatBytes(free)} free (short by ${formatBytes(input.requiredBytes - free)})`;
  });
  return refuse(
    'VRAM_INSUFFICIENT',
    pool.id,
    `pool ${pool.id}: the model needs ${input.requirement} on one GPU but ${perDevice.join('; ')}. ` +
      'Lower ctx, use a smaller quantisation, split it with tensor_split, or free VRAM.',
  );
}

/**
 * Shares follow the configured ratios, but no card gets more than it has free
 * (the smallest GPU caps its own share); what a capped card cannot hold moves
 * to the others in proportion, and the effective ratios go to the engine.
 */
function planSplit(input: PlanInput, mask: number[], ratios: number[]): PlanResult {
  const total = input.requiredBytes;
  const free = mask.map((d) => input.table.find((t) => t.device === d)?.free_bytes ?? 0);
  const shares = new Array<number>(mask.length).fill(0);
  const capped = new Set<number>();
  let remaining = total;
  for (let round = 0; round <= mask.length && remaining > 0; round++) {
    const open = mask.map((_, i) => i).filter((i) => !capped.has(i));
    const weight = open.reduce((sum, i) => sum + (ratios[i] ?? 0), 0);
    if (open.length === 0 || weight <= 0) break;
    let overflow = 0;
    for (const i of open) {
      const want = shares[i]! + (remaining * (ratios[i] ?? 0)) / weight;
      if (want > free[i]!) {
        overflow += want - free[i]!;
        shares[i] = free[i]!;
        capped.add(i);
      } else shares[i] = want;
    }
    remaining = overflow;
  }
  if (remaining > 0.5) {
    const detail = mask.map((d, i) => `${gpuLabel(input.gpus, d)} ${formatBytes(free[i]!)} free`).join(', ');
    refuse(
      'VRAM_INSUFFICIENT',
      input.pool.id,
      `pool ${input.pool.id}: the model needs ${input.requirement} split over GPUs [${mask.join(', ')}] but together ` +
        `they have only ${detail} (short by ${formatBytes(Math.ceil(remaining))}). Lower ctx, use a smaller quantisation or free VRAM.`,
    );
  }
  const reserved = shares.map((s) => Math.ceil(s));
  let table = [...input.table];
  mask.forEach((d, i) => (table = reserveVram(table, d, reserved[i]!)));
  const effective = shares.map((s) => Math.round((s / total) * 1000) / 1000);
  return {
    plan: { type: 'gpu', devices: [...mask], tensor_split: effective, reserved_bytes: reserved },
    table,
  };
}
