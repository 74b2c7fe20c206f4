// POOL-009, POOL-011: while a replica is Ready (or Draining) we watch two
// things: the process (its exit ends the watch at once) and its health route
// (a run of failed or timed-out probes means wedged: the whole process group
// is SIGKILLed and the death is handled like a crash). Each good probe also
// refreshes slots_free from the engine's own metrics.
import { setTimeout as delay } from 'node:timers/promises';
import type { Replica } from '@llama-orch/contracts';
import type { EngineAdapter } from '@llama-orch/worker-adapters';
import type { RunningEngine } from '../engine-process/engine-launch.js';
import type { EngineExit } from '@llama-orch/engine-provision';
import type { SupervisorTimings } from './supervisor-types.js';

export type WatchEnd =
  | { type: 'exited'; exit: EngineExit; wedged: boolean }
  /** An external engine stopped answering (there is no process to kill). */
  | { type: 'unhealthy'; reason: string }
  | { type: 'stopped' }
  /** `handoff` fired while the engine still ran: it was left running for someone else to own. */
  | { type: 'detached' };

export interface WatchOptions {
  engine: RunningEngine | null;
  adapter: EngineAdapter;
  record: Replica;
  timings: SupervisorTimings;
  signal: AbortSignal;
  /** Ends the watch without touching the engine (a reload moves it to another supervisor). */
  handoff: AbortSignal;
}

export async function watchRunning(options: WatchOptions): Promise<WatchEnd> {
  const { engine, adapter, record, timings, handoff } = options;
  const signal = AbortSignal.any([options.signal, handoff]);
  let wedged = false;
  let exited: EngineExit | undefined;
  const probing = new AbortController();
  const exitWatch = engine?.exited.then((exit) => {
    exited = exit;
    probing.abort();
    return exit;
  });
  const stopProbe = AbortSignal.any([signal, probing.signal]);

  const probeLoop = async (): Promise<WatchEnd | undefined> => {
    let misses = 0;
    let lastMiss = '';
    while (!stopProbe.aborted) {
      try {
        await delay(timings.probeIntervalMs, undefined, { signal: stopProbe });
      } catch {
        return undefined;
      }
      const timeout = AbortSignal.timeout(timings.probeTimeoutMs);
      const health = await adapter
        .health(timeout)
        .catch((err: unknown) => ({ type: 'down' as const, detail: (err as Error).message }));
      if (stopProbe.aborted) return undefined;
      if (health.type === 'ready') {
        misses = 0;
        const metrics = await adapter.metrics(timeout).catch(() => null);
        const running = metrics?.requests_running;
        if (typeof running === 'number') record.slots_free = Math.max(0, record.slots_total - running);
        continue;
      }
      misses += 1;
      lastMiss = health.detail;
      if (misses < timings.probeFailures) continue;
      const reason = `health probe failed ${misses} times in a row (last: ${lastMiss})`;
      if (engine === null) return { type: 'unhealthy', reason };
      wedged = true;
      engine.signal('SIGKILL');
      return undefined;
    }
    return undefined;
  };

  const probed = await probeLoop();
  if (probed !== undefined) return probed;
  if (handoff.aborted && !options.signal.aborted && exited === undefined) return { type: 'detached' };
  if (engine === null || exitWatch === undefined) return { type: 'stopped' };
  const exit = exited ?? (await exitWatch);
  return { type: 'exited', exit, wedged };
}
