// ORCHD task record (MET-014, HOUSE_STYLE 6): one record per admitted task. Its
// phase follows task-state's union (queued → dispatching → running → finished)
// and changes only through task-lifecycle's guarded moves.
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
  readonly log: FastifyBaseLogger;
  readonly abort: AbortController;
  phase: TaskPhase;
  tokensOut: number;
  deadlineTimer: NodeJS.Timeout | undefined;
  /** When the stream last had a reader (or the task started running), for the abandon timeout. */
  lastWatchedAt: number;
}
