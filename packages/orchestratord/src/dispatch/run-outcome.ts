// ORCHD run outcomes (ORCHD-023, MET-015, MET-018): how a finished engine
// run is recorded: abort causes and adapter failures become the stream's one
// terminal error frame (an engine that died marks its replica Unready), and a
// successful run charges service time, token counters and the session turn.
import type { ErrorCode, ErrorEnvelope } from '@llama-orch/contracts';
import { AdapterError, type CompletionStats } from '@llama-orch/worker-adapters';
import { taskLabels, type DataPlaneContext } from '../data-plane-context.js';
import type { Replica } from '../replicas/replica-set.js';
import { countCancel, finishTask } from '../tasks/task-progress.js';
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
    if (envelope === undefined || task.phase.type === 'finished' || why.type === 'cancel') return;
    countCancel(ctx, task, why.type);
    finishTask(ctx, task, { type: 'error', data: envelope }, 'error');
    return;
  }
  if (error instanceof AdapterError) {
    if (error.code === 'WORKER_RESET' || error.code === 'POOL_UNAVAILABLE') {
      ctx.prober.markUnready(replica, error.message);
      void ctx.prober.probe(replica);
      ctx.sessions.apply(task.request.session_id, { type: 'kv-lost' }, ctx.now());
    }
    finishTask(
      ctx,
      task,
      { type: 'error', data: failure(task, error.code, error.message, error.retriable) },
      'error',
    );
    return;
  }
  task.log.error({ err: error, replica_id: replica.id }, 'engine run failed unexpectedly');
  finishTask(
    ctx,
    task,
    {
      type: 'error',
      data: failure(
        task,
        'INTERNAL',
        'internal error while streaming; see the daemon log for this task',
        false,
      ),
    },
    'error',
  );
}

/** After the slot is free: service time, token counters and the session's turn. */
export function settle(
  ctx: DataPlaneContext,
  task: TaskRecord,
  replica: Replica,
  stats: CompletionStats | undefined,
  serviceMs: number,
): void {
  const labels = taskLabels(ctx, task, replica);
  const { priority: _priority, ...replicaLabels } = labels;
  if (task.tokensOut > 0) ctx.metrics.inc('tokens_out_total', replicaLabels, task.tokensOut);
  const tokensIn = stats?.tokens_in ?? task.promptTokens;
  if (stats !== undefined && tokensIn !== null && tokensIn > 0)
    ctx.metrics.inc('tokens_in_total', replicaLabels, tokensIn);
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
