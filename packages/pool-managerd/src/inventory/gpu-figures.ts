// HOME-013, POOL-023, POOL-026: the GPU half of a replica's telemetry self-test.
// A fresh nvidia-smi sample must answer and list every device of the replica's
// mask with its VRAM-used figure, the one pool-managerd and orchestratord rely on
// (preflight, vram_used_bytes). Utilisation may be [N/A] (MIG slices and some
// boards never report it); the gpu_utilization series then omits the device.
import type { GpuMonitor } from './gpu-monitor.js';

export async function checkGpuFigures(
  monitor: GpuMonitor,
  devices: readonly number[],
  signal: AbortSignal,
): Promise<void> {
  const sample = await monitor.refresh();
  signal.throwIfAborted();
  if (!sample.probe.ok)
    throw new Error(`GPU figures unreadable: ${sample.probe.detail ?? 'nvidia-smi failed'}`);
  for (const index of devices) {
    const gpu = sample.gpus.find((g) => g.index === index);
    if (gpu === undefined)
      throw new Error(
        `GPU figures unreadable: GPU ${index} is not in the nvidia-smi inventory (it lists ${sample.gpus.map((g) => g.index).join(', ')})`,
      );
    if (gpu.memory_used_bytes === null)
      throw new Error(`GPU figures unreadable: GPU ${index} (${gpu.name}) reports no VRAM-used figure`);
  }
}
