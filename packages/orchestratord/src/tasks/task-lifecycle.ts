// ORCHD task lifecycle (MET-014, MET-015, MET-028, MET-029, MET-042, ORCHD-026): the one door through
// which a task changes state. Each move is checked against task-state's table
// first; a refused move changes nothing and says so (false), because the task
// has already moved on: a second cancel, a cancel racing the engine's end, a
// deadline after a failure. So each end writes one terminal frame, one log line
// and at most one tasks_canceled_total count. The phase is claimed before the
// terminal frame is appended: a reader that reacts to that frame, even by
// canceling, finds the task already finished. The end line is the task's last
// word at info: it carries what dispatch, start and completion would have said
// (replica, affinity, timings, token counts), since each line is a write.
import { taskLabels, type DataPlaneContext } from '../data-plane-context.js';
import type { CancelReason, TerminalEvent } from '../streaming/stream-events.js';
import { retainedTask, type TaskRecord } from './task-record.js';
import {
  replicaOf,
  taskTransition,
  type TaskOutcome,
  type TaskPhase,
  type TaskPlacement,
} from './task-state.js';

export interface TaskEnd {
  /** The stream's one terminal frame. */
  event: TerminalEvent;
  outcome: TaskOutcome;
  /** Set for an end that counts in tasks_canceled_total, under this reason (MET-015). */
  canceled?: CancelReason;
  /** A completed run's decode time as the engine reported it (its stats), for the end line. */
  decodeMs?: number;
}

/** Placement reserved a slot on `placement.replica`; false (nothing changed) unless the task was queued. */
export function dispatchTask(task: TaskRecord, placement: TaskPlacement): boolean {
  if (taskTransition(task.phase.type, 'dispatch').type === 'refused') return false;
  task.phase = { type: 'dispatching', ...placement };
  return true;
}

/** The engine answered; false (nothing changed) unless the task was dispatching. */
export function acceptTask(task: TaskRecord): boolean {
  const { phase } = task;
  if (taskTransition(phase.type, 'accept').type === 'refused' || phase.type !== 'dispatching') return false;
  task.phase = { ...phase, type: 'running', first_token_at: null };
  return true;
}

/** Ends the task with `end`; false (nothing written, nothing counted) when it had already ended. */
export function endTask(ctx: DataPlaneContext, task: TaskRecord, end: TaskEnd): boolean {
  const step = taskTransition(task.phase.type, 'finish');
  if (step.type === 'refused') return false;
  const before = task.phase;
  const replica = replicaOf(before);
  task.phase = { type: 'finished', outcome: end.outcome };
  if (task.deadlineTimer !== undefined) clearTimeout(task.deadlineTimer);
  task.deadlineTimer = undefined;
  if (task.transcript.terminal !== undefined) {
    // Only endTask writes terminal frames, so this is a bug; the frame already written stands.
    task.log.error({ outcome: end.outcome, from: step.from }, 'task end not recorded: its stream had ended');
    return false;
  }
  // Counted before the frame is appended, so anyone who sees the frame also sees the count.
  if (end.canceled !== undefined)
    ctx.metrics.inc('tasks_canceled_total', { ...taskLabels(ctx, task, replica), reason: end.canceled });
  // MET-035: the plane keeps only what a finished task's id still answers; moved before the frame,
  // whose append may already drop it again (retention count or time of zero).
  if (ctx.tasks.get(task.id) === task) {
    ctx.tasks.delete(task.id);
    ctx.retained.set(task.id, retainedTask(task));
  }
  if (end.event.type === 'error') ctx.journal.taskFailed(task, end.event.data, ctx.now());
  chargeClient(ctx, task, before, end);
  task.transcript.append(end.event);
  const fields = endFields(ctx, task, before, end);
  const { event } = end;
  if (event.type === 'error')
    task.log.info({ ...fields, code: event.data.code, reason: event.data.message }, 'task ended with error');
  // MET-029: a cancel's terminal line says why (the same reason as tasks_canceled_total).
  else if (event.data.canceled === true)
    task.log.info({ ...fields, reason: event.data.reason }, 'task ended');
  else task.log.info(fields, 'task ended');
  return true;
}

const CLIENT_OUTCOMES = { end: 'completed', error: 'failed', canceled: 'canceled' } as const;

/** MET-042: the task's client is charged its slot time and tokens, and the end is counted. */
function chargeClient(ctx: DataPlaneContext, task: TaskRecord, before: TaskPhase, end: TaskEnd): void {
  const now = ctx.now();
  const placed = before.type === 'dispatching' || before.type === 'running' ? before : undefined;
  const { event } = end;
  ctx.clients.ended(
    task.client,
    {
      outcome: CLIENT_OUTCOMES[end.outcome],
      heldSlot: placed !== undefined,
      tokensIn:
        placed === undefined
          ? 0
          : ((event.type === 'end' ? event.data.tokens_in : undefined) ?? task.promptTokens ?? 0),
      tokensOut: task.tokensOut,
      heldMs: placed === undefined ? 0 : now - placed.dispatched_at,
    },
    now,
  );
}

/**
 * MET-028: the end line's fields. queue_ms runs from admission to dispatch (to the end for a task
 * that never left the queue), first_token_ms from admission to the first token frame.
 */
function endFields(ctx: DataPlaneContext, task: TaskRecord, before: TaskPhase, end: TaskEnd): object {
  const { event } = end;
  const placed = before.type === 'dispatching' || before.type === 'running' ? before : undefined;
  const sinceAdmission = (at: number): number => Math.round(at - task.admittedAt);
  return {
    outcome: end.outcome,
    tokens_in: event.type === 'end' ? (event.data.tokens_in ?? task.promptTokens) : task.promptTokens,
    tokens_out: task.tokensOut,
    queue_ms: sinceAdmission(placed?.dispatched_at ?? ctx.now()),
    ...(placed === undefined
      ? {}
      : {
          replica_id: placed.replica.id,
          engine_version: placed.replica.engineVersion,
          kv_warmth: placed.kv_warmth,
          affinity: placed.affinity,
        }),
    ...(before.type === 'running' && before.first_token_at !== null
      ? { first_token_ms: sinceAdmission(before.first_token_at) }
      : {}),
    ...(end.decodeMs === undefined ? {} : { decode_time_ms: Math.round(end.decodeMs) }),
  };
}
