// A clock that moves only when a test moves it. Shared by the mock adapter
// (token pacing) and the daemon (`now`), it makes queue waits and latencies
// exact numbers instead of timing guesses: a paced engine holds its slot for
// as long as the test says, and nothing races the test's observations.
import type { MockClock } from '@llama-orch/worker-adapters';
import { waitFor } from './harness.js';

interface Sleeper {
  at: number;
  wake: () => void;
}

export class ManualClock implements MockClock {
  private time: number;
  private readonly sleepers: Sleeper[] = [];

  constructor(start = 1_000_000) {
    this.time = start;
  }

  readonly now = (): number => this.time;

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const sleeper: Sleeper = {
        at: this.time + ms,
        wake: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const index = this.sleepers.indexOf(sleeper);
        if (index >= 0) this.sleepers.splice(index, 1);
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
    });
  }

  /** Engines currently waiting on this clock. */
  get waiting(): number {
    return this.sleepers.length;
  }

  /** Waits until some engine sleeps on the clock, then jumps to its wake time and wakes it. */
  async step(timeoutMs = 5_000): Promise<void> {
    await waitFor(() => this.sleepers.length > 0, timeoutMs, 1);
    this.sleepers.sort((a, b) => a.at - b.at);
    const next = this.sleepers.shift();
    if (next === undefined) return;
    this.time = Math.max(this.time, next.at);
    next.wake();
  }

  /** Steps the clock each time an engine sleeps on it, until `done()` holds. */
  async runUntil(done: () => boolean, timeoutMs = 5_000): Promise<void> {
    while (!done()) {
      await waitFor(() => done() || this.sleepers.length > 0, timeoutMs, 1);
      if (!done()) await this.step(timeoutMs);
    }
  }
}
