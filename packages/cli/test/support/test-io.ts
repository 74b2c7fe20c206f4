// In-memory stdio, env and Ctrl-C for running the CLI in-process. Nothing is
// stubbed: the CLI writes to these streams and subscribes to these interrupts
// exactly as it does to the process's own in processIo().
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { CliIo, ExitStatus } from '../../src/index.js';
import { runCli } from '../../src/index.js';
import { sleep } from '../../src/io.js';

export interface TestIoOptions {
  env?: NodeJS.ProcessEnv;
  /** Piped stdin content; omitted means an interactive terminal with nothing typed. */
  stdin?: string;
  cwd?: string;
  stdoutIsTTY?: boolean;
  random?: () => number;
}

export interface TestIo {
  io: CliIo;
  stdout(): string;
  stderr(): string;
  /** Simulates one Ctrl-C. */
  interrupt(): void;
  /** Resolves once stdout contains `text`. */
  waitForStdout(text: string, timeoutMs?: number): Promise<void>;
}

export function createTestIo(options: TestIoOptions = {}): TestIo {
  let out = '';
  let err = '';
  const signals = new EventEmitter();
  const stdin = Object.assign(Readable.from(options.stdin === undefined ? [] : [options.stdin]), {
    isTTY: options.stdin === undefined,
  });
  const io: CliIo = {
    stdout: { write: (s: string) => (out += s), isTTY: options.stdoutIsTTY ?? false },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    stdin,
    env: { HOME: '/nonexistent-home', ...options.env },
    // A directory with no .llorch/api-token in it, so no test picks up a real local token by accident.
    cwd: options.cwd ?? '/nonexistent-llorch-cwd',
    onInterrupt(handler) {
      signals.on('SIGINT', handler);
      return () => signals.off('SIGINT', handler);
    },
    random: options.random ?? (() => 0),
    now: Date.now,
    sleep,
  };
  return {
    io,
    stdout: () => out,
    stderr: () => err,
    interrupt: () => void signals.emit('SIGINT'),
    async waitForStdout(text, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!out.includes(text)) {
        if (Date.now() > deadline)
          throw new Error(`stdout never contained ${JSON.stringify(text)}; got ${JSON.stringify(out)}`);
        await sleep(5);
      }
    },
  };
}

export interface CliRun {
  status: ExitStatus;
  stdout: string;
  stderr: string;
}

/** Runs one invocation against `endpoint` with a token, the way a user with LLORCH_ADDR set would. */
export async function runAgainst(
  endpoint: string,
  argv: readonly string[],
  options: TestIoOptions = {},
): Promise<CliRun> {
  const t = createTestIo({
    ...options,
    env: { LLORCH_ADDR: endpoint, LLORCH_API_TOKEN: 'secret-token-123', ...options.env },
  });
  const status = await runCli(argv, t.io);
  return { status, stdout: t.stdout(), stderr: t.stderr() };
}
