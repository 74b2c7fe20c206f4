// ORCHD-080: the data plane's part of the operator's live view (the status page, ORCHD-081).
// A small journal remembers what a snapshot alone cannot show: the last task errors, the last
// pool and replica events, and which pools an operator drained. planeStatus() reads the plane's
// queues, tasks and replicas into fresh copies, so the status stream never holds a live record.
import type { ErrorEnvelope, StatusSnapshot } from '@llama-orch/contracts';
import type { DataPlaneContext } from './data-plane-context.js';
import { metricsFrame } from './tasks/task-progress.js';
import type { TaskRecord } from './tasks/task-record.js';

const MAX_ERRORS = 20;
const MAX_EVENTS = 50;
const MAX_WAITING = 50;

export type StatusError = StatusSnapshot['errors'][number];
export type StatusPoolEvent = StatusSnapshot['events'][number];
/** What the plane knows; the GPU inventory is pool-managerd's and joins it in the route. */
export type PlaneStatus = Omit<StatusSnapshot, 'gpus'>;

export interface StatusJournal {
  /** Pools an operator drained, until a reload brings them back. */
  readonly draining: Set<string>;
  taskFailed(task: TaskRecord, error: ErrorEnvelope, atMs: number): void;
  poolEvent(poolId: string, replicaId: string | null, message: string, atMs: number): void;
  errors(): StatusError[];
  events(): StatusPoolEvent[];
}

function pushBounded<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

export function createStatusJournal(): StatusJournal {
  const errors: StatusError[] = [];
  const events: StatusPoolEvent[] = [];
  return {
    draining: new Set(),
    taskFailed(task, error, atMs) {
      const entry = { at_ms: Math.round(atMs), task_id: task.id, pool_id: task.pool.id };
      pushBounded(errors, { ...entry, code: error.code, message: error.message }, MAX_ERRORS);
    },
    poolEvent(poolId, replicaId, message, atMs) {
      const entry = { at_ms: Math.round(atMs), pool_id: poolId, replica_id: replicaId, message };
      pushBounded(events, entry, MAX_EVENTS);
    },
    errors: () => errors.map((e) => ({ ...e })),
    events: () => events.map((e) => ({ ...e })),
  };
}

function runningTask(task: TaskRecord, now: number): StatusSnapshot['running'][number] | undefined {
  const { phase } = task;
  if (phase.type !== 'dispatching' && phase.type !== 'running') return undefined;
  const firstTokenAt = phase.type === 'running' ? phase.first_token_at : null;
  const decodeS = firstTokenAt === null ? 0 : (now - firstTokenAt) / 1000;
  return {
    task_id: task.id,
    pool_id: task.pool.id,
    replica_id: phase.replica.id,
    priority: task.priority,
    phase: phase.type,
    tokens_out: task.tokensOut,
    tokens_per_second: decodeS > 0 ? Math.round((task.tokensOut / decodeS) * 10) / 10 : null,
    elapsed_ms: Math.max(0, Math.round(now - task.admittedAt)),
  };
}

export function planeStatus(ctx: DataPlaneContext, journal: StatusJournal): PlaneStatus {
  const now = ctx.now();
  const pools = [...ctx.replicas.pools.values()].map((pool) => {
    const queue = ctx.queues.get(pool.id);
    const depth = queue?.depth() ?? { interactive: 0, batch: 0 };
    const replicas = ctx.replicas.ofPool(pool.id);
    const waiting = (queue?.toArray() ?? []).slice(0, MAX_WAITING).map((task, position) => {
      const predicted = metricsFrame(ctx, task, position).predicted_start_ms;
      return {
        task_id: task.id,
        priority: task.priority,
        queue_position: position,
        predicted_start_ms: predicted ?? null,
        waited_ms: Math.max(0, Math.round(now - task.admittedAt)),
      };
    });
    return {
      id: pool.id,
      model_ref: ctx.replicas.modelRefOf(pool.id) ?? pool.model.ref,
      engine: pool.engine,
      on_demand: pool.residency !== undefined,
      draining: journal.draining.has(pool.id),
      cpu_fallback: pool.devices === 'cpu' || replicas.some((r) => r.devices === 'cpu'),
      devices: pool.devices === 'cpu' ? [] : [...pool.devices],
      queue: { interactive: depth.interactive, batch: depth.batch },
      replicas: replicas.map((r) => ({
        id: r.id,
        state: r.state as string,
        ready: r.state === 'Ready',
        engine_version: r.engineVersion === 'unknown' ? null : r.engineVersion,
        slots_total: r.slotsTotal,
        in_flight: r.inFlight,
        kv_cache_usage: r.kvCacheUsage,
        last_error: r.lastError,
      })),
      waiting,
    };
  });
  const running = [...ctx.tasks.values()]
    .map((task) => runningTask(task, now))
    .filter((t) => t !== undefined);
  return {
    at_ms: Math.round(now),
    daemon_state: ctx.state,
    pools,
    running,
    errors: journal.errors(),
    events: journal.events(),
  };
}
