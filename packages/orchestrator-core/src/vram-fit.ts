// CORE-029: where a new replica of a model can go. Mixed VRAM (24 GiB + 12 GiB
// on the reference box) must work without per-model pinning, so the choice is
// made from sizes alone: fit first, then spread by utilisation.
import { requireNumberInRange } from './errors.js';
import type { DeviceVram } from './placement-types.js';

/** Room kept above the weights for KV cache, activations and CUDA context. */
export const DEFAULT_VRAM_HEADROOM_RATIO = 0.1;

export interface VramFitOptions {
  /** Extra fraction of the model size that must also be free; default 0.1. */
  headroom_ratio?: number;
}

/** Bytes a model of `model_bytes` needs on one device, headroom included. */
export function requiredVramBytes(model_bytes: number, options: VramFitOptions = {}): number {
  const headroom = requireNumberInRange(
    'headroom_ratio',
    options.headroom_ratio ?? DEFAULT_VRAM_HEADROOM_RATIO,
    0,
    10,
  );
  return Math.ceil(Math.max(0, model_bytes) * (1 + headroom));
}

export function fitsOnDevice(device: DeviceVram, model_bytes: number, options: VramFitOptions = {}): boolean {
  return requiredVramBytes(model_bytes, options) <= device.free_bytes;
}

export interface ModelPlacementRequest {
  model_bytes: number;
  /** GPUs the pool may use; others are never considered. */
  device_mask: readonly number[];
}

export type ModelPlacement =
  | { type: 'fits'; device: number; required_bytes: number; free_after_bytes: number }
  | {
      type: 'no-fit';
      code: 'POOL_UNAVAILABLE';
      required_bytes: number;
      /** The most free VRAM on any device in the mask (0 when the mask matches no device). */
      largest_free_bytes: number;
      message: string;
    };

const utilisation = (d: DeviceVram): number => (d.total_bytes > 0 ? 1 - d.free_bytes / d.total_bytes : 1);

/**
 * Picks the device for a new replica: among masked devices where the model
 * fits, the least utilised, then the most free bytes, then the lowest index.
 */
export function chooseDeviceForModel(
  devices: readonly DeviceVram[],
  request: ModelPlacementRequest,
  options: VramFitOptions = {},
): ModelPlacement {
  const required = requiredVramBytes(request.model_bytes, options);
  const masked = devices.filter((d) => request.device_mask.includes(d.device));
  const fitting = masked.filter((d) => d.free_bytes >= required);
  fitting.sort(
    (a, b) => utilisation(a) - utilisation(b) || b.free_bytes - a.free_bytes || a.device - b.device,
  );
  const best = fitting[0];
  if (best) {
    return {
      type: 'fits',
      device: best.device,
      required_bytes: required,
      free_after_bytes: best.free_bytes - required,
    };
  }
  const largest = masked.reduce((max, d) => Math.max(max, d.free_bytes), 0);
  return {
    type: 'no-fit',
    code: 'POOL_UNAVAILABLE',
    required_bytes: required,
    largest_free_bytes: largest,
    message: `model needs ${required} bytes of VRAM (weights + headroom) but the most free on devices [${request.device_mask.join(', ')}] is ${largest}; use a smaller quantisation or free a GPU`,
  };
}

/** The device table after a replica of `bytes` is loaded on `device` (never below zero). */
export function reserveVram(devices: readonly DeviceVram[], device: number, bytes: number): DeviceVram[] {
  return devices.map((d) =>
    d.device === device ? { ...d, free_bytes: Math.max(0, d.free_bytes - Math.max(0, bytes)) } : { ...d },
  );
}
