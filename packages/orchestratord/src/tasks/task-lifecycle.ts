// ORCHD task lifecycle (MET-014, MET-015, MET-029, ORCHD-026): the one door through
// which a task changes state. Each move is checked against task-state's table
// first; a refused move changes nothing and says so (false), because the task
// has already moved on: a second cancel, a cancel racing the engine's end, a
// deadline after a failure. So each end writes one terminal frame, one log line
// and at most one tasks_canceled_total count. The phase is claimed before the
// terminal frame is appended: a reader that reacts to that frame, even by
// canceling, finds the task already finished.
import { taskLabels, type DataPlaneContext } from '../data-plane-context.js';
import type { Replica } from '../replicas/replica-set.js';
import type { CancelReason, TerminalEvent } from '../streaming/stream-events.js';
import { retainedTask, type TaskRecord } from './task-record.js';
import { replicaOf, taskTransition, type TaskOutcome } from './task-state.js';

export interface TaskEnd {
  /** The stream's one terminal frame. */
  event: TerminalEvent;
  outcome: TaskOutcome;
  /** Set for an end that counts in tasks_canceled_total, under this reason (MET-015). */
  canceled?: CancelReason;
}

/** Placement reserved a slot on `replica`; false (nothing changed) unless the task was queued. */
export function dispatchTask(task: TaskRecord, replica: Replica, kvWarmth: boolean): boolean {
  if (taskTransition(task.phase.type, 'dispatch').type === 'refused') return false;
  task.phase = { type: 'dispatching', replica, kv_warmth: kvWarmth };
  return true;
}

/** The engine answered; false (nothing changed) unless the task was dispatching. */
export function acceptTask(task: TaskRecord): boolean {
  const { phase } = task;
  if (taskTransition(phase.type, 'accept').type === 'refused' || phase.type !== 'dispatching') return false;
  task.phase = { type: 'running', replica: phase.replica, kv_warmth: phase.kv_warmth, first_token_at: null };
  return true;
}

/** Ends the task with `end`; false (nothing written, nothing counted) when it had already ended. */
export function endTask(ctx: DataPlaneContext, task: TaskRecord, end: TaskEnd): boolean {
  const step = taskTransition(task.phase.type, 'finish');
  if (step.type === 'refused') return false;
  const replica = replicaOf(task.phase);
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
  task.transcript.append(end.event);
  const fields = { outcome: end.outcome, tokens_out: task.tokensOut, replica_id: replica?.id };
  const { event } = end;
  if (event.type === 'error')
    task.log.info({ ...fields, code: event.data.code, reason: event.data.message }, 'task ended with error');
  // MET-029: a cancel's terminal line says why (the same reason as tasks_canceled_total).
  else if (event.data.canceled === true)
    task.log.info({ ...fields, reason: event.data.reason }, 'task ended');
  else task.log.info(fields, 'task ended');
  return true;
}
