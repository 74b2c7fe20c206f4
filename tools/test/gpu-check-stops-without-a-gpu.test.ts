// HOME-020, POOL-002: `npm run gpu:check` reads nvidia-smi before anything else.
// Without one on PATH, or with a driver that fails or lists no GPU, it says so
// and exits 2; with the repo's fake nvidia-smi (a 3090 + 3060) first on PATH it
// gets past detection and `--plan` reports the GPUs it read and the steps it
// would run. The steps themselves need a real NVIDIA GPU and CUDA.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakeNvidiaSmi,
  DRIVER_FAILURE,
  referenceWorkstation,
  type FakeNvidiaSmi,
} from '@llama-orch/fake-nvidia-smi';

const ENTRY = fileURLToPath(new URL('../src/gpu-check.ts', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function gpuCheck(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
      env: { ...env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let emptyBin: string;
let fake: FakeNvidiaSmi;

beforeAll(async () => {
  emptyBin = await mkdtemp(join(tmpdir(), 'llorch-no-smi-'));
  fake = await createFakeNvidiaSmi(referenceWorkstation());
});

afterAll(async () => {
  await rm(emptyBin, { recursive: true, force: true });
  await fake.remove();
});

// Each run starts a fresh tsx process that loads pool-managerd: seconds on a busy 2-core box.
describe('npm run gpu:check', { timeout: 120_000 }, () => {
  it('exits 2 and says so when no nvidia-smi is on PATH [POOL-002]', async () => {
    // Even the plan needs a GPU: detection comes first, whatever the flags.
    for (const args of [[], ['--plan']]) {
      const run = await gpuCheck(args, { ...process.env, PATH: emptyBin });
      expect(run.stdout).toMatch(/no NVIDIA GPU on this machine.*nvidia-smi is not on PATH/);
      expect(run.code, run.stderr).toBe(2);
    }
  });

  it('exits 2 when nvidia-smi fails like a missing driver or lists no GPU [POOL-002]', async () => {
    await fake.write({ gpus: [], failure: DRIVER_FAILURE });
    const broken = await gpuCheck([], fake.env());
    expect(broken.stdout).toMatch(
      /no NVIDIA GPU on this machine.*couldn't communicate with the NVIDIA driver/,
    );
    expect(broken.code).toBe(2);
    await fake.write({ gpus: [] });
    const none = await gpuCheck([], fake.env());
    expect(none.stdout).toMatch(/no NVIDIA GPU on this machine.*No devices were found/);
    expect(none.code).toBe(2);
  });

  it('gets past detection with GPUs and reports what nvidia-smi read, then the steps [HOME-020]', async () => {
    await fake.write(referenceWorkstation());
    const run = await gpuCheck(['--plan'], fake.env());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('2 NVIDIA GPU(s) from nvidia-smi');
    expect(run.stdout).toContain('GPU 0: NVIDIA GeForce RTX 3090, 23.5 GiB free of 24.0 GiB');
    expect(run.stdout).toContain('GPU 1: NVIDIA GeForce RTX 3060, 11.8 GiB free of 12.0 GiB');
    const steps = [...run.stdout.matchAll(/^ {2}\d\. ([^:]+):/gm)].map((m) => m[1]);
    expect(steps).toEqual(['build', 'preflight + self-test', 'haiku', 'determinism']);
    expect(run.stdout).toContain('-DGGML_CUDA=ON');
    expect(run.stdout).toContain('DETERMINISM_BACKEND=cuda');
  });
});
