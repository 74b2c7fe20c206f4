// ORCHD progress frames (ORCHD-013): every live task's stream gets
// a `metrics` frame each interval, queued or decoding, so a client sees its
// queue position, on-time probability and budgets move. The same tick cancels
// abandoned tasks (ORCHD-024) and sweeps expired sessions: one timer for the
// whole daemon, not one per task.
import type { DataPlaneContext } from '../data-plane-context.js';
import { cancelTask } from '../tasks/task-control.js';
import { metricsFrame } from '../tasks/task-progress.js';
import type { TaskRecord } from '../tasks/task-record.js';

export interface ProgressTicker {
  stop(): void;
}

export function startProgressTicker(ctx: DataPlaneContext, active: ReadonlySet<TaskRecord>): ProgressTicker {
  const tick = (): void => {
    for (const queue of ctx.queues.values()) {
      // toArray() is in leave order, so the index is the CORE-019 position: no per-task walk.
      queue.toArray().forEach((task, position) => {
        task.transcript.append({ type: 'metrics', data: metricsFrame(ctx, task, position) });
      });
    }
    const now = ctx.now();
    for (const task of [...active]) {
      if (task.phase.type !== 'running') continue;
      // ORCHD-024: a lost connection alone cancels nothing; a long-unwatched task is abandoned.
      if (task.transcript.readers > 0) task.lastWatchedAt = now;
      else if (now - task.lastWatchedAt > ctx.tuning.abandonMs) {
        cancelTask(ctx, task, 'abandoned');
        continue;
      }
      task.transcript.append({ type: 'metrics', data: metricsFrame(ctx, task) });
    }
    for (const session of ctx.sessions.sweep(now)) {
      ctx.logger.info({ session_id: session.id, reason: 'ttl' }, 'session evicted');
    }
  };
  const timer = setInterval(tick, ctx.tuning.metricsIntervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
