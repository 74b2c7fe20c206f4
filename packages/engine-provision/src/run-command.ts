// POOL-040: the build shells out to git and cmake. Output is streamed line by
// line (the CLI shows cmake's progress), the tail is kept for error messages,
// and an abort kills the whole process group so no compiler is left running.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface RunCommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onLine?: (line: string) => void;
  /** How many trailing output lines to keep for diagnostics. */
  tailLines?: number;
}

export interface RunCommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  tail: string[];
}

export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<RunCommandResult> {
  const keep = options.tailLines ?? 40;
  const tail: string[] = [];
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason);
      return;
    }
    // Own process group: make and the compilers it forks can be killed together.
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const killGroup = (): void => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const onAbort = (): void => killGroup();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // A dying parent must not leave a detached build group behind.
    process.once('exit', killGroup);

    const onLine = (line: string): void => {
      tail.push(line);
      if (tail.length > keep) tail.shift();
      options.onLine?.(line);
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);

    child.once('error', (err) => {
      options.signal?.removeEventListener('abort', onAbort);
      process.removeListener('exit', killGroup);
      reject(err);
    });
    child.once('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      process.removeListener('exit', killGroup);
      if (options.signal?.aborted) reject(options.signal.reason);
      else resolve({ code, signal, tail });
    });
  });
}
