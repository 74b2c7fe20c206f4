// bench:fairness (issue 17): the figures the fairness benchmark reports, read
// from what the product itself says at its default log level (MET-028): each
// task's `task admitted` line (its client and queue_position) and its `task
// ended` line (its client, queue_ms from admission to dispatch, and the time it
// was written). Pure: lines in, figures out.
import { percentile } from '../stats.js';

export interface TaskLogLine {
  msg: string;
  client: string;
  /** ms since the epoch, from the line's own time. */
  at: number;
  queue_ms?: number;
  queue_position?: number;
}

/** The task lines among the daemon's stdout lines (JSON Lines; anything else is skipped). */
export function parseTaskLines(lines: readonly string[]): TaskLogLine[] {
  const tasks: TaskLogLine[] = [];
  for (const text of lines) {
    if (!text.startsWith('{')) continue;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      continue;
    }
    const { msg, client, time } = line;
    if (typeof msg !== 'string' || typeof client !== 'string' || typeof line['job_id'] !== 'string') continue;
    const at = typeof time === 'number' ? time : Date.parse(String(time));
    tasks.push({
      msg,
      client,
      at,
      ...(typeof line['queue_ms'] === 'number' ? { queue_ms: line['queue_ms'] } : {}),
      ...(typeof line['queue_position'] === 'number' ? { queue_position: line['queue_position'] } : {}),
    });
  }
  return tasks;
}

export interface FairnessFigures {
  /** The light client's completed tasks. */
  lightTasks: number;
  lightP50Ms: number;
  lightP95Ms: number;
  /** Tasks of every client that ended while the light client was sending (the engine was busy all along). */
  served: number;
  /** Time one task holds the one slot: the span between the first and last end in that window over the tasks in it. */
  serviceMs: number;
  /** Mean queue position of the heavy client's tasks at admission while light was sending: its backlog. */
  heavyBacklog: number;
}

export function fairnessFigures(
  lines: readonly TaskLogLine[],
  light: string,
  heavy: string,
): FairnessFigures {
  const ended = lines.filter((l) => l.msg === 'task ended');
  const lightEnds = ended.filter((l) => l.client === light);
  const waits = lightEnds.map((l) => l.queue_ms ?? Number.NaN);
  const from = Math.min(...lightEnds.map((l) => l.at));
  const to = Math.max(...lightEnds.map((l) => l.at));
  const window = ended.filter((l) => l.at >= from && l.at <= to);
  const heavyQueued = lines.filter(
    (l) => l.msg === 'task admitted' && l.client === heavy && l.at >= from && l.at <= to,
  );
  return {
    lightTasks: lightEnds.length,
    lightP50Ms: percentile(waits, 50),
    lightP95Ms: percentile(waits, 95),
    served: window.length,
    serviceMs: window.length > 1 ? (to - from) / (window.length - 1) : Number.NaN,
    heavyBacklog:
      heavyQueued.length === 0
        ? Number.NaN
        : heavyQueued.reduce((sum, l) => sum + (l.queue_position ?? 0), 0) / heavyQueued.length,
  };
}
