// HOME-020: the one report `npm run gpu:check` prints: the GPUs, then each step
// with its status and figures; any step not ok makes the exit status 1.
import { describe, expect, it } from 'vitest';
import { exitStatusOf, formatReport, type StepResult } from '../src/gpu-check/report.js';

const GIB = 1024 ** 3;
const gpu = {
  index: 0,
  uuid: 'GPU-1',
  name: 'NVIDIA H100 80GB HBM3',
  memory_total_bytes: 80 * GIB,
  memory_used_bytes: 1 * GIB,
  memory_free_bytes: 79 * GIB,
  utilization_ratio: 0,
};

describe('the gpu:check report', () => {
  it('lists the GPUs and every step, and passes only when all passed [HOME-020]', () => {
    const ok: StepResult = { name: 'build', status: 'ok', detail: 'llama-server b1 built', seconds: 300 };
    const failed: StepResult = { name: 'haiku', status: 'failed', detail: 'exit 1', seconds: 12.34 };
    const skipped: StepResult = { name: 'determinism', status: 'skipped', detail: 'needs build', seconds: 0 };
    const text = formatReport([gpu], [ok, failed, skipped]);
    expect(text).toContain('GPU 0: NVIDIA H100 80GB HBM3, 79.0 GiB free of 80.0 GiB (GPU-1)');
    expect(text).toContain('  ok      build        llama-server b1 built (300.0 s)');
    expect(text).toContain('  failed  haiku        exit 1 (12.3 s)');
    expect(text).toContain('not passed: haiku, determinism');
    expect(exitStatusOf([ok, failed, skipped])).toBe(1);
    expect(exitStatusOf([ok])).toBe(0);
    expect(formatReport([gpu], [ok])).toContain('every step passed on the GPU');
  });
});
