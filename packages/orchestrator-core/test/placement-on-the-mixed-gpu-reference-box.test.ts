// Example tests on the reference 3090 + 3060 workstation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseDeviceForModel, fitsOnDevice, place, requiredVramBytes, reserveVram } from '../src/index.js';
import { RUNS } from './support/arbitraries.js';
import { GiB, REFERENCE_BOX, RTX_3060, RTX_3090, pool, replica } from './support/reference-box.js';

describe('mixed-GPU placement on the 3090 + 3060 reference box', () => {
  it('lands a 20 GiB model on the 3090 only [CORE-029]', () => {
    expect(fitsOnDevice(RTX_3090, 20 * GiB)).toBe(true);
    expect(fitsOnDevice(RTX_3060, 20 * GiB)).toBe(false);
    expect(chooseDeviceForModel(REFERENCE_BOX, { model_bytes: 20 * GiB, device_mask: [0, 1] })).toMatchObject(
      {
        type: 'fits',
        device: 0,
      },
    );
    // Confined to the 3060 by its mask, the same model has nowhere to go.
    expect(chooseDeviceForModel(REFERENCE_BOX, { model_bytes: 20 * GiB, device_mask: [1] })).toMatchObject({
      type: 'no-fit',
      code: 'POOL_UNAVAILABLE',
      largest_free_bytes: 12 * GiB,
    });
  });

  it('spreads two 8 GiB models one per GPU [CORE-029]', () => {
    const first = chooseDeviceForModel(REFERENCE_BOX, { model_bytes: 8 * GiB, device_mask: [0, 1] });
    expect(first.type).toBe('fits');
    if (first.type !== 'fits') return;
    const after = reserveVram(REFERENCE_BOX, first.device, first.required_bytes);
    const second = chooseDeviceForModel(after, { model_bytes: 8 * GiB, device_mask: [0, 1] });
    expect(second.type).toBe('fits');
    if (second.type !== 'fits') return;
    expect(new Set([first.device, second.device])).toEqual(new Set([0, 1]));
  });

  it('refuses a model that fits no device, saying how much it needs [CORE-029]', () => {
    const result = chooseDeviceForModel(REFERENCE_BOX, { model_bytes: 30 * GiB, device_mask: [0, 1] });
    expect(result).toMatchObject({
      type: 'no-fit',
      required_bytes: Math.ceil(33 * GiB),
      largest_free_bytes: 24 * GiB,
    });
    expect(result.type === 'no-fit' && result.message).toMatch(/smaller quantisation|free a GPU/);
  });

  it('sends a task to the replica on the GPU with more free VRAM, without per-model pinning [CORE-023]', () => {
    const snapshot = {
      pools: [
        pool({
          pool_id: 'pool-a',
          replicas: [
            replica({ id: 'on-3060', devices: [1], vram: [{ ...RTX_3060, free_bytes: 4 * GiB }] }),
            replica({ id: 'on-3090', devices: [0], vram: [{ ...RTX_3090, free_bytes: 10 * GiB }] }),
          ],
        }),
      ],
    };
    expect(place(snapshot, { model_ref: 'qwen-7b' })).toMatchObject({
      type: 'placed',
      replica_id: 'on-3090',
    });
  });

  it('never spills onto a GPU outside the pool mask, even when it has more room [CORE-021]', () => {
    const snapshot = {
      pools: [
        pool({
          pool_id: 'pool-a',
          device_mask: [1],
          replicas: [
            replica({ id: 'stray-on-3090', devices: [0] }),
            replica({ id: 'on-3060', devices: [1], vram: [{ ...RTX_3060, free_bytes: 1 * GiB }] }),
          ],
        }),
      ],
    };
    expect(place(snapshot, { model_ref: 'qwen-7b' })).toMatchObject({
      type: 'placed',
      replica_id: 'on-3060',
    });
  });

  it('uses a CPU replica only when the pool allows the labelled fallback [CORE-021]', () => {
    const cpu = replica({ id: 'cpu', devices: 'cpu', vram: [] });
    const closed = { pools: [pool({ pool_id: 'pool-a', replicas: [cpu] })] };
    const open = { pools: [pool({ pool_id: 'pool-a', allow_cpu_fallback: true, replicas: [cpu] })] };
    expect(place(closed, { model_ref: 'qwen-7b' })).toMatchObject({ type: 'refused', code: 'POOL_UNREADY' });
    expect(place(open, { model_ref: 'qwen-7b' })).toMatchObject({ type: 'placed', replica_id: 'cpu' });
  });

  it('only ever picks a masked device the model fits on, and says no-fit only when none does [CORE-029]', () => {
    const deviceArb = fc.record({
      total: fc.integer({ min: 1, max: 48 }),
      used: fc.integer({ min: 0, max: 48 }),
    });
    fc.assert(
      fc.property(
        fc.array(deviceArb, { minLength: 1, maxLength: 4 }),
        fc.subarray([0, 1, 2, 3]),
        fc.integer({ min: 1, max: 40 }),
        (specs, mask, modelGiB) => {
          const devices = specs.map((d, device) => ({
            device,
            total_bytes: d.total * GiB,
            free_bytes: Math.max(0, d.total - d.used) * GiB,
          }));
          const result = chooseDeviceForModel(devices, { model_bytes: modelGiB * GiB, device_mask: mask });
          const need = requiredVramBytes(modelGiB * GiB);
          const fitting = devices.filter((d) => mask.includes(d.device) && d.free_bytes >= need);
          if (result.type === 'no-fit') {
            expect(fitting).toEqual([]);
            return;
          }
          expect(mask).toContain(result.device);
          const chosen = devices.find((d) => d.device === result.device)!;
          expect(chosen.free_bytes).toBeGreaterThanOrEqual(need);
          const utilisation = (d: { free_bytes: number; total_bytes: number }) =>
            1 - d.free_bytes / d.total_bytes;
          for (const other of fitting) expect(utilisation(chosen)).toBeLessThanOrEqual(utilisation(other));
        },
      ),
      RUNS,
    );
  });
});
