// POOL-018, POOL-048: engines leaving service. A drain and the engine a slot served
// from before a reload's swap both wait until the engine reports no request running
// or the deadline passes (one loop, `untilIdle`); a retired engine is then stopped and
// what it held (its pid entry, its VRAM reservation) is freed, as is an engine a
// reload handed over that nobody adopted (`discardHandoff`).
import { setTimeout as delay } from 'node:timers/promises';
import type { EngineAdapter } from '@llama-orch/worker-adapters';
import type { RunningEngine } from '../engine-process/engine-launch.js';
import type { EngineLog } from './engine-log.js';
import type { EngineHandoff, Generation, SupervisorTimings } from './supervisor-types.js';

/**
 * Waits until the engine reports no request running, or `deadlineMs` passed, or `adapter()`
 * is null (the engine is gone). In-flight work is what the engine itself reports; unknown counts as busy.
 */
export async function untilIdle(
  adapter: () => EngineAdapter | null,
  deadlineMs: number,
  timings: Pick<SupervisorTimings, 'probeTimeoutMs'>,
  now: () => number,
): Promise<void> {
  const deadline = now() + deadlineMs;
  for (let current = adapter(); current !== null && now() < deadline; current = adapter()) {
    const metrics = await current.metrics(AbortSignal.timeout(timings.probeTimeoutMs)).catch(() => null);
    if (metrics?.requests_running === 0) return;
    await delay(Math.min(200, Math.max(1, deadline - now())));
  }
}

/** Stops an engine a reload handed over that no slot adopted, then forgets its pid and frees its reservation. */
export async function discardHandoff(
  handoff: EngineHandoff,
  graceMs: number,
  forgetPid: (pid: number) => void,
): Promise<void> {
  try {
    await handoff.engine?.stop(graceMs);
  } finally {
    if (typeof handoff.view.pid === 'number') forgetPid(handoff.view.pid);
    handoff.release();
  }
}

export interface RetireOptions {
  drainMs: number;
  timings: SupervisorTimings;
  log: EngineLog;
  /** Engines still retiring: the supervisor's stop() ends them too. */
  retiring: Set<RunningEngine>;
  now: () => number;
  /** After the engine is gone, before its reservation is released. */
  onGone: () => void;
}

export function retireEngine(old: Generation, options: RetireOptions): void {
  const { timings, now, retiring } = options;
  if (old.engine !== null) retiring.add(old.engine);
  void (async () => {
    // An external engine (no process) has nothing to drain or stop here.
    await untilIdle(() => (old.engine === null ? null : old.adapter), options.drainMs, timings, now);
    await old.engine?.stop(timings.stopGraceMs);
  })()
    .catch((err: unknown) =>
      options.log.note(`retiring the replaced engine failed: ${(err as Error).message}`),
    )
    .finally(() => {
      if (old.engine !== null) retiring.delete(old.engine);
      options.onGone();
      old.release();
    });
}
