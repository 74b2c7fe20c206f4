// POOL-002, POOL-007, HOME-001: a stand-in `nvidia-smi` for tests on machines
// without NVIDIA GPUs. The executable in ../bin answers the same CSV query
// pool-managerd sends, from a JSON state file a test owns and may rewrite
// between calls (VRAM filling up, a driver that stops answering).
import { mkdtemp, rm, writeFile, rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One GPU as the fake reports it; `[N/A]` (or null) imitates an unsupported field. */
export interface FakeGpu {
  index: number;
  uuid: string;
  name: string;
  memory_total_mib: number | '[N/A]' | null;
  memory_used_mib: number | '[N/A]' | null;
  /** Defaults to total - used. */
  memory_free_mib?: number | '[N/A]' | null;
  utilization_percent: number | '[N/A]' | '[Not Supported]' | null;
}

/** The state file format (JSON). */
export interface FakeNvidiaSmiState {
  gpus: FakeGpu[];
  /** When set, every call fails like a broken driver: this stderr and exit code. */
  failure?: { exit_code?: number; stderr?: string } | null;
}

export const FAKE_NVIDIA_SMI_STATE_ENV = 'FAKE_NVIDIA_SMI_STATE';

/** Directory holding the `nvidia-smi` executable; put it first on PATH. */
export const FAKE_NVIDIA_SMI_BIN_DIR = fileURLToPath(new URL('../bin', import.meta.url));

/** The reference workstation's RTX 3090 (24 GiB), with the desktop using a little. */
export const RTX_3090: FakeGpu = {
  index: 0,
  uuid: 'GPU-3f1a0b9c-8d7e-4f5a-9b3c-2d1e0f9a8b7c',
  name: 'NVIDIA GeForce RTX 3090',
  memory_total_mib: 24576,
  memory_used_mib: 512,
  utilization_percent: 0,
};

/** The reference workstation's RTX 3060 (12 GiB). */
export const RTX_3060: FakeGpu = {
  index: 1,
  uuid: 'GPU-9c8d7e6f-5a4b-4c2d-8e0f-9a8b7c6d5e4f',
  name: 'NVIDIA GeForce RTX 3060',
  memory_total_mib: 12288,
  memory_used_mib: 256,
  utilization_percent: 0,
};

export function referenceWorkstation(): FakeNvidiaSmiState {
  return { gpus: [{ ...RTX_3090 }, { ...RTX_3060 }] };
}

/** The message a real nvidia-smi prints when the kernel driver is gone. */
export const DRIVER_FAILURE = {
  exit_code: 9,
  stderr:
    "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.",
} as const;

export interface FakeNvidiaSmi {
  readonly binDir: string;
  readonly statePath: string;
  /** `base` with the fake first on PATH and the state file named. */
  env(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** Replaces the state; later nvidia-smi calls see it (written atomically). */
  write(state: FakeNvidiaSmiState): Promise<void>;
  /** Edits the current state. */
  update(change: (state: FakeNvidiaSmiState) => void): Promise<void>;
  remove(): Promise<void>;
}

export async function createFakeNvidiaSmi(initial: FakeNvidiaSmiState): Promise<FakeNvidiaSmi> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'llorch-fake-smi-'));
  const statePath = path.join(dir, 'state.json');
  let current: FakeNvidiaSmiState = structuredClone(initial);
  const write = async (state: FakeNvidiaSmiState): Promise<void> => {
    current = structuredClone(state);
    const temp = `${statePath}.tmp`;
    await writeFile(temp, JSON.stringify(current, null, 2));
    await rename(temp, statePath);
  };
  await write(current);
  return {
    binDir: FAKE_NVIDIA_SMI_BIN_DIR,
    statePath,
    env: (base = process.env) => ({
      ...base,
      PATH: `${FAKE_NVIDIA_SMI_BIN_DIR}${path.delimiter}${base['PATH'] ?? ''}`,
      [FAKE_NVIDIA_SMI_STATE_ENV]: statePath,
    }),
    write,
    update: async (change) => {
      const next = structuredClone(current);
      change(next);
      await write(next);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
