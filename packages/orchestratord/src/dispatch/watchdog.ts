// ORCHD watchdog (ORCHD-020, MET-015): a stuck engine must not hold a slot
// forever. Three named timers per running task: no first token within
// first_token_ms, a gap between tokens longer than idle_ms, or a total run
// longer than wall_ms. The idle timer is refreshed in place, not re-created,
// so a fast stream pays almost nothing per token.

export type WatchdogTimer = 'first_token' | 'idle' | 'wall';

export interface WatchdogOptions {
  first_token_ms: number;
  idle_ms: number;
  wall_ms: number;
  onExpire: (timer: WatchdogTimer, afterMs: number) => void;
}

export interface Watchdog {
  /** Engine activity: switches from the first-token timer to the idle timer, then refreshes it. */
  touch(): void;
  stop(): void;
}

export function startWatchdog(options: WatchdogOptions): Watchdog {
  let stopped = false;
  const expire = (timer: WatchdogTimer, afterMs: number) => () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(wall);
    clearTimeout(gap);
    options.onExpire(timer, afterMs);
  };
  const wall = setTimeout(expire('wall', options.wall_ms), options.wall_ms);
  let gap = setTimeout(expire('first_token', options.first_token_ms), options.first_token_ms);
  let sawActivity = false;
  wall.unref();
  gap.unref();
  return {
    touch() {
      if (stopped) return;
      if (sawActivity) {
        gap.refresh();
        return;
      }
      sawActivity = true;
      clearTimeout(gap);
      gap = setTimeout(expire('idle', options.idle_ms), options.idle_ms);
      gap.unref();
    },
    stop() {
      stopped = true;
      clearTimeout(wall);
      clearTimeout(gap);
    },
  };
}
