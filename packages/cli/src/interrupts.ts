// CLI-014: Ctrl-C semantics as two AbortSignals. The first Ctrl-C aborts
// `soft` (stop waiting, cancel the task, wait briefly for the server to
// confirm); a second one, or the end of that brief wait, aborts `hard` and the
// CLI exits at once. Threading the signals through every wait and request is
// what makes "cancel" reach all the way to the socket.
import type { CliIo } from './io.js';

/** How long the CLI waits for the 204 and the terminal frame after the first Ctrl-C. */
export const CANCEL_WAIT_MS = 5_000;

export interface Interrupts {
  readonly soft: AbortSignal;
  readonly hard: AbortSignal;
  /** Ends the grace period early (e.g. the cancel wait ran out). */
  forceStop(reason: string): void;
  /** Ctrl-C was pressed at least once. */
  readonly interrupted: boolean;
  dispose(): void;
}

export function watchInterrupts(io: Pick<CliIo, 'onInterrupt'>, onFirst: () => void): Interrupts {
  const soft = new AbortController();
  const hard = new AbortController();
  let presses = 0;
  const unsubscribe = io.onInterrupt(() => {
    presses += 1;
    if (presses === 1) {
      soft.abort(new DOMException('interrupted by Ctrl-C', 'AbortError'));
      onFirst();
    } else {
      hard.abort(new DOMException('interrupted twice by Ctrl-C', 'AbortError'));
    }
  });
  return {
    soft: soft.signal,
    hard: hard.signal,
    forceStop(reason) {
      if (!soft.signal.aborted) soft.abort(new DOMException(reason, 'AbortError'));
      if (!hard.signal.aborted) hard.abort(new DOMException(reason, 'AbortError'));
    },
    get interrupted() {
      return presses > 0;
    },
    dispose: unsubscribe,
  };
}

/** Stops waiting for work that cannot itself be aborted (reading stdin) once `signal` aborts. */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason as Error);
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
