// ORCHD task record (MET-014, ORCHD-005, MET-035, HOUSE_STYLE 6): one record per admitted task. Its
// phase follows task-state's union (queued → dispatching → running → finished)
// and changes only through task-lifecycle's guarded moves. Once finished, the
// task is retained only as a RetainedTask beside its transcript: the request
// (prompt included), logger and abort controller go with the record.
import type { PoolConfig } from '@llama-orch/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { CancelReason } from '../streaming/stream-events.js';
import type { Transcript } from '../streaming/transcript.js';
import type { TaskRequest } from './task-request.js';
import type { TaskPhase } from './task-state.js';

export interface Admission {
  task_id: string;
  queue_position: number;
  predicted_start_ms: number;
  backoff_ms: number;
}

/** Why a task's engine call was aborted; carried as the AbortSignal's reason. */
export type AbortCause =
  | { type: 'cancel'; reason: CancelReason }
  | { type: 'deadline' }
  | { type: 'watchdog'; timer: 'first_token' | 'idle' | 'wall'; after_ms: number };

export class TaskAbort extends Error {
  override readonly name = 'TaskAbort';
  constructor(readonly why: AbortCause) {
    super(`task aborted: ${why.type}`);
  }
}

export interface TaskRecord {
  /** QueueItem fields for orchestrator-core's queue. */
  readonly id: string;
  readonly priority: TaskRequest['priority'];
  readonly request: TaskRequest;
  readonly fingerprint: string;
  readonly pool: PoolConfig;
  readonly transcript: Transcript;
  readonly admittedAt: number;
  readonly admission: Admission;
  readonly promptTokens: number | null;
  readonly correlationId: string;
  /** Name of the client that submitted it (`owner` for the deployment token; OC-001). */
  readonly client: string;
  readonly log: FastifyBaseLogger;
  readonly abort: AbortController;
  phase: TaskPhase;
  tokensOut: number;
  deadlineTimer: NodeJS.Timeout | undefined;
  /** When the stream last had a reader (or the task started running), for the abandon timeout. */
  lastWatchedAt: number;
}

/**
 * What a finished task keeps while its transcript is retained: enough to answer an identical
 * resubmission with its admission or a different one with a conflict (ORCHD-005), and to send
 * its session's budget headers with a late stream (ORCHD-019).
 */
export interface RetainedTask {
  readonly fingerprint: string;
  readonly admission: Admission;
  readonly promptTokens: number | null;
  readonly sessionId: string;
  /** Whose it is, so another client's key still cannot read it (ORCHD-098). */
  readonly client: string;
}

export function retainedTask(task: TaskRecord): RetainedTask {
  return {
    fingerprint: task.fingerprint,
    admission: task.admission,
    promptTokens: task.promptTokens,
    sessionId: task.request.session_id,
    client: task.client,
  };
}
