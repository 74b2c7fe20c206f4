// ORCHD run outcomes (ORCHD-020, MET-015, MET-018): how a finished engine
// run is recorded: abort causes and adapter failures become the stream's one
// terminal error frame (an engine that died marks its replica Unready); every
// run the engine worked on is charged to its session (session-charge.ts), and a
// successful one also feeds the service-time mean.
import type { ErrorCode, ErrorEnvelope } from '@llama-orch/contracts';
import { AdapterError } from '@llama-orch/worker-adapters';
import { taskLabels, type DataPlaneContext } from '../data-plane-context.js';
import type { Labels } from '../metrics/metrics-registry.js';
import type { Replica } from '../replicas/replica-set.js';
import { chatInput } from '../tasks/admission-guards.js';
import { chargeSession, type RunUsage } from './session-charge.js';
import { endTask } from '../tasks/task-lifecycle.js';
import { TaskAbort, type AbortCause, type TaskRecord } from '../tasks/task-record.js';

function failure(task: TaskRecord, code: ErrorCode, message: string, retriable: boolean): ErrorEnvelope {
  return { code, message, engine: task.pool.engine, pool_id: task.pool.id, retriable };
}

function abortEnvelope(task: TaskRecord, replica: Replica, why: AbortCause): ErrorEnvelope | undefined {
  switch (why.type) {
    case 'cancel':
      return undefined; // cancelTask already wrote the terminal frame
    case 'deadline':
      return failure(
        task,
        'DEADLINE_UNMET',
        `deadline of ${task.request.deadline_ms} ms passed while decoding; raise deadline_ms`,
        true,
      );
    case 'watchdog':
      return failure(
        task,
        'DECODE_TIMEOUT',
        `replica ${replica.id} exceeded the ${why.timer} timeout (${why.after_ms} ms); the engine may be wedged, retry later`,
        true,
      );
  }
}

function abortCauseOf(error: unknown, signal: AbortSignal): AbortCause | undefined {
  if (error instanceof TaskAbort) return error.why;
  if (signal.aborted && signal.reason instanceof TaskAbort) return signal.reason.why;
  return undefined;
}

/** Ends the task's stream for a failed or stopped run; true when the engine went away with it. */
export function onFailure(
  ctx: DataPlaneContext,
  task: TaskRecord,
  replica: Replica,
  error: unknown,
): boolean {
  const why = abortCauseOf(error, task.abort.signal);
  if (why !== undefined) {
    const envelope = abortEnvelope(task, replica, why);
    if (envelope === undefined || why.type === 'cancel') return false;
    endTask(ctx, task, { event: { type: 'error', data: envelope }, outcome: 'error', canceled: why.type });
    return false;
  }
  if (error instanceof AdapterError) {
    const engineLost = error.code === 'WORKER_RESET' || error.code === 'POOL_UNAVAILABLE';
    if (engineLost) {
      ctx.prober.markUnready(replica, error.message);
      void ctx.prober.probe(replica);
    }
    endTask(ctx, task, {
      event: { type: 'error', data: failure(task, error.code, error.message, error.retriable) },
      outcome: 'error',
    });
    return engineLost;
  }
  task.log.error({ err: error, replica_id: replica.id }, 'engine run failed unexpectedly');
  endTask(ctx, task, {
    event: {
      type: 'error',
      data: failure(
        task,
        'INTERNAL',
        'internal error while streaming; see the daemon log for this task',
        false,
      ),
    },
    outcome: 'error',
  });
  return false;
}

export interface RunSummary extends RunUsage {
  /** The engine accepted the task (MET-014): its prompt was read, so it counts in tokens_in_total. */
  started: boolean;
  /** We stopped the run (cancel, deadline, watchdog) after handing it to the engine. */
  stopped: boolean;
}

/**
 * MET-018: the prompt tokens of every started task, as the engine reported them at the end of the
 * stream, else as the adapter's tokenizer counts them (a canceled or failed run has no end figures).
 * The daemon's own byte bound is an over-estimate and never lands in the counter.
 */
function countTokensIn(
  ctx: DataPlaneContext,
  task: TaskRecord,
  replica: Replica,
  labels: Labels,
  reported: number | null,
): void {
  if (reported !== null) {
    if (reported > 0) ctx.metrics.inc('tokens_in_total', labels, reported);
    return;
  }
  const signal = AbortSignal.timeout(ctx.tuning.tokenizeTimeoutMs);
  const { adapter } = replica;
  const counting =
    task.request.messages === undefined
      ? adapter.countTokens(task.request.prompt ?? '', signal)
      : (adapter.countChatTokens?.(chatInput(task.request), signal) ??
        Promise.reject(new Error(`engine ${adapter.engine} cannot count chat prompt tokens`)));
  counting
    .then((counted) => {
      if (counted > 0) ctx.metrics.inc('tokens_in_total', labels, counted);
    })
    .catch((error: unknown) =>
      task.log.warn(
        { err: error instanceof Error ? error.message : String(error), replica_id: replica.id },
        'prompt tokens not counted: the engine reported none and its tokenizer did not answer',
      ),
    );
}

/**
 * After the slot is free: the tokens_in counter, the session's charge (every run the engine
 * accepted or that we stopped while the engine had it) and, for a run that reached its end,
 * service time.
 */
export function settle(ctx: DataPlaneContext, task: TaskRecord, replica: Replica, run: RunSummary): void {
  const { started, stats, serviceMs } = run;
  const { priority: _priority, ...replicaLabels } = taskLabels(ctx, task, replica);
  if (started) countTokensIn(ctx, task, replica, replicaLabels, stats?.tokens_in ?? null);
  if (started || run.stopped) chargeSession(ctx, task, replica, run);
  // The task's end line (task-lifecycle.ts) already carries the run's figures.
  if (stats !== undefined) ctx.serviceTimes.observe(task.pool.id, serviceMs);
}
