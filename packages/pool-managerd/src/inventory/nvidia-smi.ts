// POOL-002, POOL-007, HOME-011: the GPU inventory comes from one nvidia-smi
// query. Parsing is pure and lenient (trimmed fields, [N/A] → null, numbers
// taken from the right so a comma in a GPU name cannot shift them); running the
// command is the only effect, and every way it can fail becomes an empty
// inventory whose `detail` quotes the command and what it printed.
import { execFile } from 'node:child_process';
import type { Gpu, GpuProbe } from '@llama-orch/contracts';

export const NVIDIA_SMI_FIELDS = [
  'index',
  'uuid',
  'name',
  'memory.total',
  'memory.used',
  'memory.free',
  'utilization.gpu',
] as const;

export const NVIDIA_SMI_ARGS: readonly string[] = [
  `--query-gpu=${NVIDIA_SMI_FIELDS.join(',')}`,
  '--format=csv,noheader,nounits',
];

export const NVIDIA_SMI_COMMAND = `nvidia-smi ${NVIDIA_SMI_ARGS.join(' ')}`;

const MIB = 1024 * 1024;

export interface GpuInventorySnapshot {
  gpus: Gpu[];
  probe: GpuProbe;
  /** When the sample was taken, Unix epoch ms. */
  at_ms: number;
}

function optionalNumber(raw: string): number | null {
  if (raw === '' || raw.startsWith('[')) return null; // [N/A], [Not Supported], [Unknown Error]
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

/** Parses the CSV the query prints; throws on a line it cannot make sense of. */
export function parseNvidiaSmiCsv(text: string): Gpu[] {
  const gpus: Gpu[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '') continue;
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length < NVIDIA_SMI_FIELDS.length) {
      throw new Error(`expected ${NVIDIA_SMI_FIELDS.length} fields, got ${fields.length} in line "${line}"`);
    }
    const [util, free, used, total] = fields.splice(-4).reverse();
    const [index, uuid, ...nameParts] = fields;
    const position = Number(index);
    if (!Number.isInteger(position) || position < 0) throw new Error(`no GPU index in line "${line}"`);
    const mib = (raw: string | undefined) => {
      const value = optionalNumber(raw ?? '');
      return value === null ? null : Math.round(value * MIB);
    };
    const percent = optionalNumber(util ?? '');
    gpus.push({
      index: position,
      uuid: uuid ?? '',
      name: nameParts.join(', '),
      memory_total_bytes: mib(total),
      memory_used_bytes: mib(used),
      memory_free_bytes: mib(free),
      utilization_ratio: percent === null ? null : Math.min(1, Math.max(0, percent / 100)),
    });
  }
  return gpus;
}

export interface ProbeGpusOptions {
  /** PATH decides which nvidia-smi runs. Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  now?: () => number;
}

function failed(detail: string, now: number): GpuInventorySnapshot {
  return { gpus: [], probe: { ok: false, detail }, at_ms: now };
}

/** Runs the query once; never throws (failures are described in `probe.detail`). */
export function probeGpus(options: ProbeGpusOptions = {}): Promise<GpuInventorySnapshot> {
  const now = options.now ?? Date.now;
  return new Promise((resolve) => {
    execFile(
      'nvidia-smi',
      NVIDIA_SMI_ARGS,
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? 10_000, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        const printed = `${stdout}${stderr}`.trim().slice(-1000) || '(nothing)';
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          const why =
            code === 'ENOENT'
              ? 'nvidia-smi is not on PATH (no NVIDIA driver installed?)'
              : error.killed
                ? 'it did not answer in time (driver hung?)'
                : `it exited with ${String(code ?? error.signal ?? 'an error')}`;
          resolve(failed(`\`${NVIDIA_SMI_COMMAND}\` failed: ${why}; output: ${printed}`, now()));
          return;
        }
        try {
          const gpus = parseNvidiaSmiCsv(stdout);
          if (gpus.length === 0) {
            resolve(failed(`\`${NVIDIA_SMI_COMMAND}\` listed no GPU; output: ${printed}`, now()));
            return;
          }
          resolve({ gpus, probe: { ok: true, detail: null }, at_ms: now() });
        } catch (err) {
          resolve(
            failed(
              `\`${NVIDIA_SMI_COMMAND}\` printed output we cannot parse (${(err as Error).message})`,
              now(),
            ),
          );
        }
      },
    );
  });
}
