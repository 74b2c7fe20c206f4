// ORCHD task states (MET-014, MET-015, HOUSE_STYLE 6): a task's life as one pure
// transition table, like pool-managerd's replica lifecycle.
//   queued → dispatching (a slot is reserved on a replica; the engine has not answered)
//          → running (the engine accepted it: the first event arrived)
//          → finished (end | error | canceled)
// Any of queued, dispatching and running may finish; finished is final. Moving
// only along these edges is what lets every end be recorded and counted once.
import type { AffinityOutcome } from '@llama-orch/orchestrator-core';
import type { Replica } from '../replicas/replica-set.js';

/** How a finished task ended: its stream's terminal frame was `end`, `error`, or an `end` of a cancel. */
export type TaskOutcome = 'end' | 'error' | 'canceled';

/** Where placement put a task and how: what its end line reports (MET-028). */
export interface TaskPlacement {
  replica: Replica;
  kv_warmth: boolean;
  affinity: AffinityOutcome;
  /** The data plane's clock when the slot was reserved. */
  dispatched_at: number;
}

export type TaskPhase =
  | { type: 'queued' }
  | ({ type: 'dispatching' } & TaskPlacement)
  | ({ type: 'running'; first_token_at: number | null } & TaskPlacement)
  | { type: 'finished'; outcome: TaskOutcome };

export type TaskPhaseType = TaskPhase['type'];

export type TaskEventType =
  /** Placement found a free slot and reserved it. */
  | 'dispatch'
  /** The engine answered: only now does the task count as started (MET-014). */
  | 'accept'
  /** A terminal frame: completion, failure, cancel, deadline, watchdog, eviction. */
  | 'finish';

const EDGES: Record<TaskEventType, Partial<Record<TaskPhaseType, TaskPhaseType>>> = {
  dispatch: { queued: 'dispatching' },
  accept: { dispatching: 'running' },
  finish: { queued: 'finished', dispatching: 'finished', running: 'finished' },
};

export type TaskTransition =
  | { type: 'moved'; from: TaskPhaseType; to: TaskPhaseType }
  | { type: 'refused'; from: TaskPhaseType; event: TaskEventType };

export function taskTransition(from: TaskPhaseType, event: TaskEventType): TaskTransition {
  const to = EDGES[event][from];
  return to === undefined ? { type: 'refused', from, event } : { type: 'moved', from, to };
}

/** The replica a task holds a slot on, while it holds one. */
export function replicaOf(phase: TaskPhase): Replica | undefined {
  return phase.type === 'dispatching' || phase.type === 'running' ? phase.replica : undefined;
}
