// CORE-030..CORE-034: the guardrails that run before a task is enqueued. Each
// refusal is a typed value with a wire code, so the daemon maps it to HTTP in
// one place and never has to parse messages.
import type { ErrorCode } from '@llama-orch/contracts';
import type { PlacementDecision } from './placement-types.js';
import type { QueueRefusal } from './queue-types.js';
import { budgetCovers, type SessionBudget } from './session-budget.js';
import { onTimeProbability } from './start-time.js';

export type RejectionReason =
  | 'ctx-over-model-limit'
  | 'prompt-over-ctx'
  | 'budget-exhausted'
  | 'no-pool'
  | 'mixed-versions'
  | 'sampler-profile-mismatch'
  | 'no-ready-replica'
  | 'deadline-unmet'
  | 'queue-full'
  | 'duplicate-task';

export interface Rejection {
  type: 'rejected';
  code: ErrorCode;
  reason: RejectionReason;
  retriable: boolean;
  message: string;
  pool_id?: string;
  policy_label?: string;
  retry_after_ms?: number;
}

export interface AdmissionRequest {
  ctx: number;
  prompt_tokens: number;
  max_tokens: number;
  /** Milliseconds from now by which the task should finish; absent = no deadline. */
  deadline_ms?: number | null;
  /** Up-front cost estimate, when the deployment prices requests. */
  expected_cost?: number;
}

export interface AdmissionContext {
  /** Context limit of the requested model (engine-reported ctx_max). */
  model_ctx_max: number;
  /** The session's remaining budgets; absent when budgets are not enforced. */
  budget?: SessionBudget | null;
  /** The decision from `place()` for this request. */
  placement: PlacementDecision;
  /** Mean service time of the chosen pool. */
  service_ms: number;
  /** Optional stricter deadline policy: refuse below this on-time probability. */
  min_on_time_probability?: number;
}

export type AdmissionResult =
  | { type: 'admitted'; pool_id: string; predicted_start_ms: number; on_time_probability: number | null }
  | Rejection;

const invalid = (reason: RejectionReason, message: string): Rejection => ({
  type: 'rejected',
  code: 'INVALID_PARAMS',
  reason,
  retriable: false,
  message,
});

/** Runs the guardrails in their fixed order (CORE-034) and returns the first refusal, or admission. */
export function checkAdmission(request: AdmissionRequest, context: AdmissionContext): AdmissionResult {
  if (request.ctx > context.model_ctx_max) {
    return invalid(
      'ctx-over-model-limit',
      `ctx ${request.ctx} exceeds the model's limit of ${context.model_ctx_max}; lower ctx`,
    );
  }
  const tokensNeeded = request.prompt_tokens + request.max_tokens;
  if (tokensNeeded > request.ctx) {
    return invalid(
      'prompt-over-ctx',
      `prompt (${request.prompt_tokens} tokens) + max_tokens (${request.max_tokens}) = ${tokensNeeded} exceeds ctx ${request.ctx}; shorten the prompt, lower max_tokens or raise ctx`,
    );
  }
  if (context.budget) {
    const need = { tokens: tokensNeeded, cost: request.expected_cost ?? 0 };
    const check = budgetCovers(context.budget, need);
    if (check.type === 'exhausted') {
      // The contract's code for a spent budget: a policy refusal, not malformed input.
      return {
        type: 'rejected',
        code: 'ADMISSION_REJECT',
        reason: 'budget-exhausted',
        policy_label: 'budget',
        retriable: false,
        message: `session ${check.dimension} budget has ${check.remaining} left but this request needs ${check.needed}; start a new session or lower max_tokens`,
      };
    }
  }
  const placement = context.placement;
  if (placement.type === 'refused') {
    return {
      type: 'rejected',
      code: placement.code,
      reason: placement.reason,
      retriable: placement.retriable,
      message: placement.message,
    };
  }
  const start = placement.predicted_start_ms;
  const deadline = request.deadline_ms ?? null;
  if (deadline === null) {
    return {
      type: 'admitted',
      pool_id: placement.pool_id,
      predicted_start_ms: start,
      on_time_probability: null,
    };
  }
  const probability = onTimeProbability({
    predicted_start_ms: start,
    service_ms: context.service_ms,
    deadline_ms: deadline,
  });
  const floor = context.min_on_time_probability ?? 0;
  if (start >= deadline || probability < floor) {
    return {
      type: 'rejected',
      code: 'DEADLINE_UNMET',
      reason: 'deadline-unmet',
      retriable: false,
      pool_id: placement.pool_id,
      message: `deadline ${deadline} ms cannot be met: predicted start ${start} ms, on-time probability ${probability.toFixed(3)}; extend the deadline or retry later`,
    };
  }
  return {
    type: 'admitted',
    pool_id: placement.pool_id,
    predicted_start_ms: start,
    on_time_probability: probability,
  };
}

/** Turns a full-queue refusal into the 429 body, with a drain-based `retry_after_ms` (see retryAfterMs). */
export function backpressureRejection(
  refusal: QueueRefusal,
  retry_after_ms: number,
  pool_id?: string,
): Rejection {
  return {
    type: 'rejected',
    code: refusal.code,
    reason: refusal.code === 'INVALID_PARAMS' ? 'duplicate-task' : 'queue-full',
    retriable: refusal.retriable,
    message: refusal.message,
    ...(refusal.policy_label === null ? {} : { policy_label: refusal.policy_label, retry_after_ms }),
    ...(pool_id === undefined ? {} : { pool_id }),
  };
}
