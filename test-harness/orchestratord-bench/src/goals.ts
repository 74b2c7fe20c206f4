// The benchmark's goals (ORCHD issue 5, the same bars for the one-round-trip and
// chat paths, and issue 15's table at the daemon's default log level), as the one table of rows that carry one. A row is judged on the
// number it was measured at, never on its printed text; a goal row the run never
// measured counts as missed.

export interface Goal {
  /** `max`: the figure must not exceed `limit`; `min`: it must reach it. */
  bound: 'max' | 'min';
  limit: number;
  /** Unit and statistic, for the printed goal only. */
  unit: string;
}

export const GOAL_ROWS: Readonly<Record<string, Goal>> = {
  'TTFT overhead p50/p99 (1 stream, POST then GET stream)': { bound: 'max', limit: 1, unit: 'ms p50' },
  'TTFT overhead p50/p99 (1 stream, one round trip)': { bound: 'max', limit: 1, unit: 'ms p50' },
  // Issue 15: concurrent TTFT, measured on the one-round-trip flow agents use.
  'TTFT overhead p50/p99 (32 streams, one round trip)': { bound: 'max', limit: 5, unit: 'ms p50' },
  'chat TTFT overhead p50/p99 (1 stream)': { bound: 'max', limit: 1, unit: 'ms p50' },
  'relay rate ratio': { bound: 'min', limit: 0.95, unit: '' },
  'chat relay rate ratio': { bound: 'min', limit: 0.95, unit: '' },
  'aggregate ratio (64 streams, orchestratord / direct)': { bound: 'min', limit: 0.97, unit: '' },
  'admissions (POST /v1/tasks, 64 in flight)': { bound: 'min', limit: 10_000, unit: 'req/s' },
  'admission latency p50/p99': { bound: 'max', limit: 10, unit: 'ms p99' },
};

export function goalText(goal: Goal): string {
  return `${goal.bound === 'max' ? '<=' : '>='} ${goal.limit}${goal.unit === '' ? '' : ` ${goal.unit}`}`;
}

/** Whether a measured figure meets its goal; NaN (no samples) never does. */
export function meets(goal: Goal, measured: number): boolean {
  if (!Number.isFinite(measured)) return false;
  return goal.bound === 'max' ? measured <= goal.limit : measured >= goal.limit;
}
