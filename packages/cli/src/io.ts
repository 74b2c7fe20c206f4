// CLI-013, CLI-014, CLI-015: everything the CLI touches outside itself (the two
// output streams, stdin, the environment, Ctrl-C, time and randomness) comes
// in through this one object, so the same code runs in a terminal and in tests
// that hand it in-memory streams and raise interrupts themselves.
import { setTimeout as delay } from 'node:timers/promises';

export interface OutputStream {
  write(chunk: string): unknown;
  /** CLI-015: only a terminal gets terminal niceties (here: a final newline after streamed text). */
  readonly isTTY?: boolean;
}

export interface InputStream extends AsyncIterable<string | Uint8Array> {
  readonly isTTY?: boolean;
  /** A terminal's raw mode: on, keys reach the line editor; off, Ctrl-C raises SIGINT. */
  setRawMode?(mode: boolean): unknown;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: InputStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Subscribes to Ctrl-C (SIGINT); returns the function that unsubscribes. */
  onInterrupt(handler: () => void): () => void;
  /** The fetch the typed clients use; the global one unless a caller supplies another. */
  readonly fetch?: typeof fetch;
  random(): number;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, signal === undefined ? undefined : { signal });
}

/** The real process: stdio, env, SIGINT. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
    random: Math.random,
    now: Date.now,
    sleep,
  };
}

export async function readAll(input: InputStream): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of input)
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
