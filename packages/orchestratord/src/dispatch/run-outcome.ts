// ORCHD run outcomes (ORCHD-023, MET-015, MET-018): how a finished engine
// run is recorded: abort causes and adapter failures become the stream's one
// terminal error frame (an engine that died marks its replica Unready), and a
// successful run charges service time, token counters and the session turn.
import type { ErrorCode, ErrorEnvelope } from '@llama-orch/contracts';
import { AdapterError, type CompletionStats } from '@llama-orch/worker-adapters';
import { taskLabels, type DataPlaneContext } from '../data-plane-context.js';
import type { Labels } from '../metrics/metrics-registry.js';
import type { Replica } from '../replicas/replica-set.js';
import { chatInput } from '../tasks/admission-guards.js';
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

export function onFailure(ctx: DataPlaneContext, task: TaskRecord, replica: Replica, error: unknown): void {
  const why = abortCauseOf(error, task.abort.signal);
  if (why !== undefined) {
    const envelope = abortEnvelope(task, replica, why);
    if (envelope === undefined || why.type === 'cancel') return;
    endTask(ctx, task, { event: { type: 'error', data: envelope }, outcome: 'error', canceled: why.type });
    return;
  }
  if (error instanceof AdapterError) {
    if (error.code === 'WORKER_RESET' || error.code === 'POOL_UNAVAILABLE') {
      ctx.prober.markUnready(replica, error.message);
      void ctx.prober.probe(replica);
      ctx.sessions.apply(task.request.session_id, { type: 'kv-lost' }, ctx.now());
    }
    endTask(ctx, task, {
      event: { type: 'error', data: failure(task, error.code, error.message, error.retriable) },
      outcome: 'error',
    });
    return;
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
}

export interface RunSummary {
  /** The engine accepted the task (MET-014): its prompt was read, so it counts in tokens_in_total. */
  started: boolean;
  /** The engine's end-of-stream figures; undefined when the run ended early. */
  stats: CompletionStats | undefined;
  serviceMs: number;
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

/** After the slot is free: service time, the tokens_in counter and the session's turn. */
export function settle(ctx: DataPlaneContext, task: TaskRecord, replica: Replica, run: RunSummary): void {
  const { started, stats, serviceMs } = run;
  const { priority: _priority, ...replicaLabels } = taskLabels(ctx, task, replica);
  if (started) countTokensIn(ctx, task, replica, replicaLabels, stats?.tokens_in ?? null);
  const tokensIn = stats?.tokens_in ?? task.promptTokens;
  if (stats === undefined) return;
  ctx.serviceTimes.observe(task.pool.id, serviceMs);
  const session = ctx.sessions.apply(
    task.request.session_id,
    {
      type: 'turn-completed',
      replica_id: replica.id,
      kv_bytes: 0,
      tokens: (tokensIn ?? 0) + task.tokensOut,
      time_ms: serviceMs,
      cost: 0,
    },
    ctx.now(),
  );
  if (session?.status.type === 'evicted' && session.status.reason === 'max-turns') {
    ctx.exhaustedSessions.add(session.id);
    task.log.info({ reason: 'max-turns' }, 'session evicted');
  }
  task.log.info(
    {
      replica_id: replica.id,
      engine_version: replica.engineVersion,
      tokens_in: tokensIn,
      tokens_out: task.tokensOut,
      decode_time_ms: Math.round(stats.decode_ms),
    },
    'task completed',
  );
}
