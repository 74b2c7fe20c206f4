// WA-008, WA-013: starts one simulator as its own OS process and hands back a handle to it.
// Why: adapters must be judged against real sockets and real process deaths (SIGKILL
// mid-stream, refused connections while loading), which an in-process server can't give.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toArgs } from './cli-args.js';
import type { EngineCounters, SlotView } from './engine-core.js';
import { resolveOptions } from './options.js';
import type { SimProtocol, SimulatorOptions } from './options.js';
import { STATE_PATH } from './server.js';

export type SimulatorStartOptions = Partial<SimulatorOptions> & {
  protocol: SimProtocol;
  /**
   * Which report to wait for: `ready` (model loaded, default), `listening` (socket accepts;
   * llama.cpp then still answers 503), or `port` (endpoint known, connections still refused).
   */
  waitFor?: 'ready' | 'listening' | 'port';
  /** Give up if the wanted report has not come after this long. */
  startTimeoutMs?: number;
};

export interface SimulatorExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SimulatorState {
  protocol: SimProtocol;
  model: string;
  phase: 'loading' | 'ready';
  counters: EngineCounters;
  slots: SlotView[];
}

export interface SimulatorHandle {
  readonly endpoint: string;
  readonly pid: number;
  readonly options: SimulatorOptions;
  /** Settles when the process has ended, however it ended. */
  readonly exited: Promise<SimulatorExit>;
  /** Resolves once the simulated model is loaded (already true when waitFor is 'ready'). */
  readonly ready: Promise<void>;
  /** Everything the process wrote to stderr so far (e.g. the OOM lines). */
  stderr(): string;
  /** Test introspection: counters and slots of the simulated engine. */
  state(signal?: AbortSignal): Promise<SimulatorState>;
  /** SIGTERM, then SIGKILL after a grace period; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** Sends `signal` (default SIGKILL) and resolves when the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export class SimulatorStartError extends Error {
  override readonly name = 'SimulatorStartError';
  constructor(
    message: string,
    readonly stderrText: string,
    readonly exit: SimulatorExit | null,
  ) {
    super(message);
  }
}

const MAIN_PATH = fileURLToPath(new URL('./main.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const STDERR_KEEP = 64 * 1024;

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Last line of defence against orphans when the parent exits without stopping us. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export async function startSimulator(start: SimulatorStartOptions): Promise<SimulatorHandle> {
  const { waitFor = 'ready', startTimeoutMs = 20_000, ...partial } = start;
  const options = resolveOptions(partial);
  installExitHook();
  const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN_PATH, ...toArgs(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let stderrText = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderrText = (stderrText + chunk).slice(-STDERR_KEEP);
  });
  const exited = new Promise<SimulatorExit>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });

  const phases = new Map<string, string>();
  const waiters = new Map<string, Array<(endpoint: string) => void>>();
  const phase = (name: string) =>
    new Promise<string>((resolve) => {
      const known = phases.get(name);
      if (known !== undefined) resolve(known);
      else waiters.set(name, [...(waiters.get(name) ?? []), resolve]);
    });
  let buffer = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
      try {
        for (const [name, endpoint] of Object.entries(JSON.parse(line) as Record<string, string>)) {
          phases.set(name, endpoint);
          for (const wake of waiters.get(name) ?? []) wake(endpoint);
        }
      } catch {
        // Not a phase report; the simulator only prints JSON lines, so ignore stray output.
      }
    }
  });

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };

  let timer: NodeJS.Timeout | undefined;
  const endpoint = await Promise.race([
    // 'port' and 'listening' may be skipped by one protocol, so any later phase also satisfies them.
    waitFor === 'port' ? Promise.race([phase('port'), phase('listening')]) : phase(waitFor),
    exited.then((exit) => {
      throw new SimulatorStartError(
        `${options.protocol} simulator exited (code ${exit.code}, signal ${exit.signal}) before "${waitFor}"; ` +
          `stderr: ${stderrText.trim() || '(empty)'}`,
        stderrText,
        exit,
      );
    }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new SimulatorStartError(
            `${options.protocol} simulator did not report "${waitFor}" within ${startTimeoutMs} ms; ` +
              `stderr: ${stderrText.trim() || '(empty)'}`,
            stderrText,
            null,
          ),
        );
      }, startTimeoutMs);
    }),
  ])
    .catch(async (error: unknown) => {
      await kill();
      throw error;
    })
    .finally(() => clearTimeout(timer));

  const ready = Promise.race([
    phase('ready').then(() => undefined),
    exited.then((exit) => {
      throw new SimulatorStartError(
        `simulator exited before its model loaded (code ${exit.code})`,
        stderrText,
        exit,
      );
    }),
  ]);
  ready.catch(() => undefined);

  return {
    endpoint,
    pid: child.pid ?? -1,
    options,
    exited,
    ready,
    stderr: () => stderrText,
    async state(signal) {
      const response = await fetch(`${endpoint}${STATE_PATH}`, { signal: signal ?? null });
      if (!response.ok) throw new Error(`simulator state returned HTTP ${response.status}`);
      return (await response.json()) as SimulatorState;
    },
    async stop(graceMs = 2000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const grace = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(grace);
    },
    kill,
  };
}
