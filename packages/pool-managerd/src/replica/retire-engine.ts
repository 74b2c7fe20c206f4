// POOL-048: the engine a slot served from before a reload's swap. It keeps serving
// the requests it already holds, out of sight of placement, until its engine reports
// none running or the drain deadline passes; then it is stopped and what it held
// (its pid entry, its VRAM reservation) is freed.
import { setTimeout as delay } from 'node:timers/promises';
import type { RunningEngine } from '../engine-process/engine-launch.js';
import type { EngineLog } from './engine-log.js';
import type { Generation, SupervisorTimings } from './supervisor-types.js';

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
    const deadline = now() + options.drainMs;
    // In-flight work is what the engine itself reports running; unknown counts as busy.
    while (old.engine !== null && now() < deadline) {
      const metrics = await old.adapter
        .metrics(AbortSignal.timeout(timings.probeTimeoutMs))
        .catch(() => null);
      if (metrics?.requests_running === 0) break;
      await delay(Math.min(200, Math.max(1, deadline - now())));
    }
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
