// POOL-015, POOL-016, POOL-047: spawning an engine child so it can never outlive
// us unnoticed. Output is read line by line (the caller keeps a bounded log),
// 'close' marks the end (all output read), and a synchronous process-exit hook
// SIGKILLs whatever is still running. With `ownProcessGroup` the engine and
// anything it forks form one group that is signalled as a whole.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface EngineExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EngineChild {
  pid: number;
  exited: Promise<EngineExit>;
  /** True once the process has exited. */
  isDone(): boolean;
  /** Signals the process, or its whole group when it leads one; a no-op once it is gone. */
  signal(signal: NodeJS.Signals): void;
}

export interface SpawnEngineOptions {
  env?: NodeJS.ProcessEnv;
  ownProcessGroup?: boolean;
  onLine: (line: string) => void;
}

const live = new Set<EngineChild>();
let exitHookInstalled = false;

function track(child: EngineChild): void {
  if (!exitHookInstalled) {
    // Synchronous on purpose: 'exit' handlers cannot await.
    process.on('exit', () => live.forEach((c) => c.signal('SIGKILL')));
    exitHookInstalled = true;
  }
  live.add(child);
  void child.exited.then(() => live.delete(child));
}

/** Resolves with the running child, or rejects with the spawn error (ENOENT, EACCES). */
export async function spawnEngine(
  binaryPath: string,
  args: readonly string[],
  options: SpawnEngineOptions,
): Promise<EngineChild> {
  const proc: ChildProcess = spawn(binaryPath, args, {
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup === true,
  });
  if (proc.pid === undefined) {
    // Node reports a failed spawn by leaving pid unset and emitting 'error'.
    const [cause] = (await once(proc, 'error')) as [Error];
    throw cause;
  }
  const pid = proc.pid;
  let done = false;
  proc.on('error', (err) => options.onLine(`[llama-orch] child process error: ${err.message}`));
  const exited = new Promise<EngineExit>((resolve) => {
    proc.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      done = true;
      resolve({ code, signal });
    });
  });
  createInterface({ input: proc.stdout! }).on('line', options.onLine);
  createInterface({ input: proc.stderr! }).on('line', options.onLine);
  const child: EngineChild = {
    pid,
    exited,
    isDone: () => done,
    signal: (signal) => {
      if (done) return;
      try {
        if (options.ownProcessGroup) process.kill(-pid, signal);
        else proc.kill(signal);
      } catch {
        // already gone between the check and the signal
      }
    },
  };
  track(child);
  return child;
}
