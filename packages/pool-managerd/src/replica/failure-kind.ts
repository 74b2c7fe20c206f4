// POOL-011, POOL-014, issue "driver/CUDA errors mark the pool Unready": why an
// engine died, decided from its exit and its own last words. VRAM OOM is what
// the engine printed about a CUDA allocation; host OOM is a SIGKILL we did not
// send (the kernel OOM killer); a driver or CUDA fault is a pool-wide problem.

export type FailureKind = 'vram_oom' | 'host_oom' | 'driver_error' | 'wedged' | 'crash';

export interface EngineDeath {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Last lines the engine printed. */
  logTail: readonly string[];
  /** True when pool-managerd itself killed the process because it stopped answering. */
  killedAsWedged: boolean;
}

export interface ClassifiedFailure {
  kind: FailureKind;
  message: string;
}

const VRAM_OOM =
  /CUDA error: out of memory|cudaMalloc\b.*(failed|out of memory)|CUBLAS_STATUS_ALLOC_FAILED|ggml_backend_cuda_buffer_type_alloc_buffer|failed to allocate CUDA|out of memory.*\b(device|GPU|VRAM)\b/i;
const DRIVER =
  /CUDA driver version is insufficient|no CUDA-capable device|cudaErrorNoDevice|CUDA error: (unknown error|an illegal memory access|the launch timed out|system has unsupported display driver)|GPU has fallen off the bus|NVML: Driver\/library version mismatch|Xid \d+/i;

function lastMatching(lines: readonly string[], pattern: RegExp): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) if (pattern.test(lines[i]!)) return lines[i];
  return undefined;
}

export function classifyDeath(death: EngineDeath): ClassifiedFailure {
  const how = death.signal !== null ? `killed by ${death.signal}` : `exited with code ${death.code}`;
  if (death.killedAsWedged) {
    return { kind: 'wedged', message: `engine stopped answering and was killed (${how})` };
  }
  const oom = lastMatching(death.logTail, VRAM_OOM);
  if (oom !== undefined) {
    return {
      kind: 'vram_oom',
      message: `VRAM OOM: the engine could not allocate GPU memory (${how}): ${oom.trim()}`,
    };
  }
  const driver = lastMatching(death.logTail, DRIVER);
  if (driver !== undefined) {
    return { kind: 'driver_error', message: `GPU driver/CUDA error (${how}): ${driver.trim()}` };
  }
  if (death.signal === 'SIGKILL') {
    return {
      kind: 'host_oom',
      message:
        'host OOM: the engine was killed by SIGKILL that pool-managerd did not send (most likely the kernel OOM killer; check `dmesg`)',
    };
  }
  const tail = death.logTail.slice(-3).join(' | ');
  return { kind: 'crash', message: `engine crashed (${how})${tail === '' ? '' : `; last output: ${tail}`}` };
}

/** Lines a live engine prints when the GPU or driver is failing underneath it. */
export function isDriverErrorLine(line: string): boolean {
  return DRIVER.test(line);
}
