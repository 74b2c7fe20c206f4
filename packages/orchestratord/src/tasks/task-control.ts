// ORCHD cancel and deadline (ORCHD-023..ORCHD-026, MET-015): both work
// whether the task is queued or running. The terminal frame is written
// *before* the engine call is aborted and before the 204 goes out, and the
// transcript refuses anything after its terminal frame, so no token can follow
// an acknowledged cancel. Aborting the AbortSignal closes the engine
// connection, which is what really stops generation and frees the slot.
import { observeDrain, NO_DRAIN_OBSERVED } from '@llama-orch/orchestrator-core';
import { notFound, type OrchestratordError } from '../errors.js';
import type { DataPlaneContext } from '../data-plane-context.js';
import type { CancelReason } from '../streaming/stream-events.js';
import { endTask } from './task-lifecycle.js';
import { TaskAbort, type TaskRecord } from './task-record.js';

/** Reasons that end a stream with `end {canceled: true}` rather than an error frame. */
export type EndingReason = Extract<CancelReason, 'client' | 'drain' | 'shutdown' | 'abandoned'>;

function dequeueIfQueued(ctx: DataPlaneContext, task: TaskRecord): boolean {
  if (task.phase.type !== 'queued') return false;
  const queue = ctx.queues.get(task.pool.id);
  if (queue?.cancel(task.id).type === 'canceled') {
    ctx.drains.set(task.pool.id, observeDrain(ctx.drains.get(task.pool.id) ?? NO_DRAIN_OBSERVED, ctx.now()));
  }
  return true;
}

/** Ends a queued or running task as canceled; a task that already ended keeps its terminal frame. */
export function cancelTask(ctx: DataPlaneContext, task: TaskRecord, reason: EndingReason): void {
  if (task.phase.type === 'finished') return;
  const decodeStarted = task.phase.type === 'running' ? task.phase.first_token_at : null;
  const wasQueued = dequeueIfQueued(ctx, task);
  const ended = endTask(ctx, task, {
    event: {
      type: 'end',
      data: {
        tokens_out: task.tokensOut,
        decode_ms: decodeStarted === null ? 0 : Math.max(0, Math.round(ctx.now() - decodeStarted)),
        canceled: true,
        reason,
      },
    },
    outcome: 'canceled',
    canceled: reason,
  });
  if (ended && !wasQueued) task.abort.abort(new TaskAbort({ type: 'cancel', reason }));
}

/** The 404 for a task id the plane does not hold, or one another client submitted (ORCHD-098). */
export function unknownTask(taskId: string): OrchestratordError {
  return notFound(`no task ${taskId.slice(0, 64)}; submit it with POST /v1/tasks first`);
}

/** POST /v1/tasks/{id}/cancel: idempotent for known tasks; unknown ids are a 404. */
export function cancelById(ctx: DataPlaneContext, taskId: string): void {
  const id = taskId.toLowerCase();
  const task = ctx.tasks.get(id);
  // A finished task keeps its terminal frame: the cancel is acknowledged and changes nothing.
  if (task === undefined && ctx.retained.has(id)) return;
  if (task === undefined) {
    throw unknownTask(taskId);
  }
  cancelTask(ctx, task, 'client');
}

/** The task's deadline_ms elapsed: a queued task leaves its queue; a running one is aborted. */
export function onDeadline(ctx: DataPlaneContext, task: TaskRecord): void {
  task.deadlineTimer = undefined;
  if (task.phase.type === 'finished') return;
  if (dequeueIfQueued(ctx, task)) {
    endTask(ctx, task, {
      event: {
        type: 'error',
        data: {
          code: 'DEADLINE_UNMET',
          message: `deadline of ${task.request.deadline_ms} ms passed before a replica of pool ${task.pool.id} was free; raise deadline_ms or retry later`,
          engine: task.pool.engine,
          pool_id: task.pool.id,
          retriable: true,
        },
      },
      outcome: 'error',
      canceled: 'deadline',
    });
    return;
  }
  task.abort.abort(new TaskAbort({ type: 'deadline' }));
}

/**
 * ORCHD-043: a reload moved the task's pool to another model while the task
 * waited, so no replica will ever serve it there; it ends with the same code a
 * new submission for that model gets, instead of blocking the queue until its deadline.
 */
export function refuseUnservedModel(ctx: DataPlaneContext, task: TaskRecord, servedModel: string): void {
  failQueued(
    ctx,
    task,
    `pool ${task.pool.id} was reloaded onto model ${servedModel} and no longer serves ${task.request.model_ref}; submit for a model listed in GET /v1/capabilities`,
  );
}

/** Ends a task still in its queue with a typed POOL_UNAVAILABLE error (ORCHD-043, ORCHD-077). */
export function failQueued(
  ctx: DataPlaneContext,
  task: TaskRecord,
  message: string,
  retriable = false,
): void {
  if (!dequeueIfQueued(ctx, task)) return;
  endTask(ctx, task, {
    event: {
      type: 'error',
      data: { code: 'POOL_UNAVAILABLE', message, engine: task.pool.engine, pool_id: task.pool.id, retriable },
    },
    outcome: 'error',
  });
}
