// POOL-015, POOL-016, POOL-047: spawning an engine child so it can never outlive
// us unnoticed. Output is read line by line (the caller keeps a bounded log),
// 'close' marks the end (all output read), and a synchronous process-exit hook
// SIGKILLs whatever is still running. With `ownProcessGroup` the engine and
// anything it forks form one group that is signalled as a whole. With
// `dieWithParent` the kernel kills the engine when we die, even by SIGKILL
// (PR_SET_PDEATHSIG via util-linux `setpriv`, which then execs the engine so
// its pid is the engine's own).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
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
  /** Ask the kernel to SIGKILL the engine when this process dies (Linux, needs `setpriv`). */
  dieWithParent?: boolean;
  onLine: (line: string) => void;
}

let setprivPath: string | null | undefined;

/** Where util-linux `setpriv` lives, or null when this host has none (then only the exit hook and reaping protect us). */
export function findSetpriv(): string | null {
  if (setprivPath === undefined) {
    const dirs = [
      '/usr/bin',
      '/bin',
      '/usr/sbin',
      '/sbin',
      ...(process.env['PATH'] ?? '').split(path.delimiter),
    ];
    setprivPath =
      process.platform === 'linux'
        ? (dirs.map((d) => path.join(d, 'setpriv')).find((p) => existsSync(p)) ?? null)
        : null;
  }
  return setprivPath;
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
  const setpriv = options.dieWithParent ? findSetpriv() : null;
  const [command, argv] =
    setpriv === null ? [binaryPath, args] : [setpriv, ['--pdeathsig', 'SIGKILL', '--', binaryPath, ...args]];
  const proc: ChildProcess = spawn(command, argv, {
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
