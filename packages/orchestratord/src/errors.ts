// ORCHD errors (ORCHD-048, OC-011, OC-013, HOUSE_STYLE 4): the daemon's one error
// class and the single table mapping wire codes to HTTP status, so the error
// handler, SSE `error` frames and docs all agree on one taxonomy.
import type { ErrorCode, ErrorEnvelope } from '@llama-orch/contracts';

/** Default HTTP status per wire code; an error may override it (e.g. a guardrail reject is a 400). */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  ADMISSION_REJECT: 429,
  QUEUE_FULL_DROP_LRU: 429,
  INVALID_PARAMS: 400,
  POOL_UNREADY: 503,
  POOL_UNAVAILABLE: 503,
  REPLICA_EXHAUSTED: 503,
  DECODE_TIMEOUT: 504,
  WORKER_RESET: 502,
  INTERNAL: 500,
  DEADLINE_UNMET: 400,
  MODEL_DEPRECATED: 400,
  UNTRUSTED_ARTIFACT: 400,
  POLICY_DENIED: 403,
  FETCH_FAILED: 502,
};

/** Context fields that may reach the envelope; everything else stays in logs. */
export interface OrchestratordErrorContext {
  readonly engine?: string;
  readonly pool_id?: string;
  readonly task_id?: string;
  readonly session_id?: string;
  readonly [key: string]: unknown;
}

export interface OrchestratordErrorOptions {
  /** HTTP status when the code's default does not fit (404 unknown task, 409 idempotency conflict, 401/403 auth). */
  status?: number;
  retriable?: boolean;
  retryAfterMs?: number;
  policyLabel?: string;
  context?: OrchestratordErrorContext;
  cause?: unknown;
}

export class OrchestratordError extends Error {
  override readonly name = 'OrchestratordError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly retriable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly policyLabel: string | undefined;
  readonly context: Readonly<OrchestratordErrorContext>;

  constructor(code: ErrorCode, message: string, options: OrchestratordErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = options.status ?? HTTP_STATUS_BY_CODE[code];
    this.retriable = options.retriable ?? defaultRetriable(code);
    this.retryAfterMs = options.retryAfterMs;
    this.policyLabel = options.policyLabel;
    this.context = Object.freeze({ ...options.context });
  }

  toEnvelope(): ErrorEnvelope {
    return toEnvelope(this);
  }
}

function defaultRetriable(code: ErrorCode): boolean {
  return (
    code === 'ADMISSION_REJECT' ||
    code === 'QUEUE_FULL_DROP_LRU' ||
    code === 'POOL_UNREADY' ||
    code === 'POOL_UNAVAILABLE' ||
    code === 'REPLICA_EXHAUSTED' ||
    code === 'WORKER_RESET'
  );
}

/** The wire envelope: only documented fields, never the cause or internal context. */
export function toEnvelope(error: OrchestratordError): ErrorEnvelope {
  const envelope: ErrorEnvelope = { code: error.code, message: error.message, retriable: error.retriable };
  if (typeof error.context.engine === 'string') envelope.engine = error.context.engine;
  if (typeof error.context.pool_id === 'string') envelope.pool_id = error.context.pool_id;
  if (error.retryAfterMs !== undefined) envelope.retry_after_ms = error.retryAfterMs;
  if (error.policyLabel !== undefined) envelope.policy_label = error.policyLabel;
  return envelope;
}

export function isOrchestratordError(value: unknown): value is OrchestratordError {
  return value instanceof OrchestratordError;
}
