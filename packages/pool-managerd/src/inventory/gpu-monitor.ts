// POOL-026, MET-019: GPU figures are sampled on an interval so placement,
// preflight and the gpu_utilization / vram_used_bytes series read a recent
// snapshot instead of running nvidia-smi on every request.
import { probeGpus } from './nvidia-smi.js';
import type { GpuInventorySnapshot, ProbeGpusOptions } from './nvidia-smi.js';

export interface GpuMonitorOptions extends ProbeGpusOptions {
  /** Sampling interval; default 5000 ms. */
  intervalMs?: number;
  onSample?: (snapshot: GpuInventorySnapshot) => void;
}

export interface GpuMonitor {
  /** The latest sample (the first one is taken by start()). */
  current(): GpuInventorySnapshot;
  /** Samples now and returns the fresh snapshot. */
  refresh(): Promise<GpuInventorySnapshot>;
  start(): Promise<GpuInventorySnapshot>;
  stop(): void;
}

export function createGpuMonitor(options: GpuMonitorOptions = {}): GpuMonitor {
  let latest: GpuInventorySnapshot = {
    gpus: [],
    probe: { ok: false, detail: 'the GPU inventory has not been sampled yet' },
    at_ms: 0,
  };
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<GpuInventorySnapshot> | undefined;

  const refresh = (): Promise<GpuInventorySnapshot> => {
    inFlight ??= probeGpus(options)
      .then((snapshot) => {
        latest = snapshot;
        options.onSample?.(snapshot);
        return snapshot;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  return {
    current: () => latest,
    refresh,
    async start() {
      const first = await refresh();
      if (timer === undefined) {
        timer = setInterval(() => void refresh(), options.intervalMs ?? 5_000);
        timer.unref();
      }
      return first;
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
}
