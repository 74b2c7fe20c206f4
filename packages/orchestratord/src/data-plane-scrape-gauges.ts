// MET-036, MET-017, MET-025: gauges rebuilt from the plane's own state at each
// scrape. tasks_running comes from the task records rather than being counted
// up and down. A count kept by hand drifts when an
// end path forgets its decrement or a reload changes the replica's engine
// version between start and end; the records are the truth, and a task counts
// only once the engine accepted it (phase `running`, HOUSE_STYLE 7). Every
// replica shows a 0 per priority while idle, so a dashboard reads 0, not "no data".
// queue_depth is read from the queues here too, not set on every enqueue and
// dequeue (only a scrape reads it): every pool gets its samples even before its
// first task, under its current engine version only.
import { PRIORITIES } from '@llama-orch/contracts';
import { poolEngineVersion, taskLabels, type DataPlaneContext } from './data-plane-context.js';
import type { Labels } from './metrics/metrics-registry.js';

export function publishRunningTasks(ctx: DataPlaneContext): void {
  const counts = new Map<string, { labels: Labels; n: number }>();
  const key = (labels: Labels): string => JSON.stringify(labels);
  for (const replica of ctx.replicas.replicas) {
    for (const priority of PRIORITIES) {
      const labels = {
        engine: replica.pool.engine,
        engine_version: replica.engineVersion,
        pool_id: replica.pool.id,
        replica_id: replica.id,
        priority,
      };
      counts.set(key(labels), { labels, n: 0 });
    }
  }
  for (const task of ctx.tasks.values()) {
    if (task.phase.type !== 'running') continue;
    const labels = taskLabels(ctx, task, task.phase.replica);
    const entry = counts.get(key(labels)) ?? { labels, n: 0 };
    entry.n += 1;
    counts.set(key(labels), entry);
  }
  ctx.metrics.reset('tasks_running');
  for (const { labels, n } of counts.values()) ctx.metrics.set('tasks_running', labels, n);
}

export function publishQueueDepths(ctx: DataPlaneContext): void {
  ctx.metrics.reset('queue_depth');
  for (const pool of ctx.config.pools) {
    const depth = ctx.queues.get(pool.id)?.depth();
    if (depth === undefined) continue;
    const base = { engine: pool.engine, engine_version: poolEngineVersion(ctx, pool), pool_id: pool.id };
    ctx.metrics.set('queue_depth', { ...base, priority: 'interactive' }, depth.interactive);
    ctx.metrics.set('queue_depth', { ...base, priority: 'batch' }, depth.batch);
  }
}
