// The reference workstation: RTX 3090 (24 GiB) as GPU 0 and RTX 3060 (12 GiB)
// as GPU 1, plus builders for readable example snapshots.
import type { DeviceVram, PoolSnapshot, ReplicaSnapshot } from '../../src/index.js';

export const GiB = 1024 ** 3;

export const RTX_3090: DeviceVram = { device: 0, total_bytes: 24 * GiB, free_bytes: 24 * GiB };
export const RTX_3060: DeviceVram = { device: 1, total_bytes: 12 * GiB, free_bytes: 12 * GiB };
export const REFERENCE_BOX: readonly DeviceVram[] = [RTX_3090, RTX_3060];

export function replica(overrides: Partial<ReplicaSnapshot> & { id: string }): ReplicaSnapshot {
  return {
    pool_id: 'pool-a',
    state: 'Ready',
    draining: false,
    devices: [0],
    vram: REFERENCE_BOX,
    slots_total: 1,
    slots_free: 1,
    engine: 'llamacpp',
    engine_version: 'b5000',
    sampler_profile_version: 'v1',
    model_ref: 'qwen-7b',
    ...overrides,
  };
}

export function pool(overrides: Partial<PoolSnapshot> & { pool_id: string }): PoolSnapshot {
  return {
    model_ref: 'qwen-7b',
    engine: 'llamacpp',
    device_mask: [0, 1],
    replicas: [],
    queued: 0,
    service_ms: 1_000,
    ...overrides,
  };
}
