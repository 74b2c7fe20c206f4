// HOME-020, POOL-002: what `npm run gpu:check` prints. Pure: the GPUs nvidia-smi
// listed and one line per step (ok, failed or skipped, its figures), so the
// report reads the same on every machine and is checked without a GPU.
import type { Gpu } from '@llama-orch/contracts';
import { formatBytes } from '@llama-orch/pool-managerd';

export type StepStatus = 'ok' | 'failed' | 'skipped';

export interface StepResult {
  name: string;
  status: StepStatus;
  /** Figures on success, the reason on failure or skip. */
  detail: string;
  seconds: number;
}

const bytes = (value: number | null): string => (value === null ? 'unknown' : formatBytes(value));

/** One line per GPU: index, name, free and total VRAM as nvidia-smi reported them. */
export function describeGpus(gpus: readonly Gpu[]): string[] {
  return gpus.map(
    (g) =>
      `  GPU ${g.index}: ${g.name}, ${bytes(g.memory_free_bytes)} free of ${bytes(g.memory_total_bytes)} (${g.uuid})`,
  );
}

export function formatReport(gpus: readonly Gpu[], results: readonly StepResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length), 4);
  const lines = [
    `gpu:check: ${gpus.length} NVIDIA GPU(s) from nvidia-smi`,
    ...describeGpus(gpus),
    ...results.map(
      (r) => `  ${r.status.padEnd(7)} ${r.name.padEnd(width)}  ${r.detail} (${r.seconds.toFixed(1)} s)`,
    ),
  ];
  const failed = results.filter((r) => r.status !== 'ok').map((r) => r.name);
  lines.push(
    failed.length === 0
      ? 'gpu:check: every step passed on the GPU'
      : `gpu:check: not passed: ${failed.join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}

/** 0 when every step passed, 1 otherwise (2 is kept for "no GPU"). */
export function exitStatusOf(results: readonly StepResult[]): 0 | 1 {
  return results.every((r) => r.status === 'ok') ? 0 : 1;
}
