// The wire error taxonomy (MISSION "Public API"): one list, shared by the
// OpenAPI enum, the daemon's error handler and SSE `error` frames.
// A contracts test keeps this list, contracts/openapi/*.yaml and .docs in sync.

export const ERROR_CODES = [
  'ADMISSION_REJECT',
  'QUEUE_FULL_DROP_LRU',
  'INVALID_PARAMS',
  'POOL_UNREADY',
  'POOL_UNAVAILABLE',
  'REPLICA_EXHAUSTED',
  'DECODE_TIMEOUT',
  'WORKER_RESET',
  'INTERNAL',
  'DEADLINE_UNMET',
  'MODEL_DEPRECATED',
  'UNTRUSTED_ARTIFACT',
  'POLICY_DENIED',
  'FETCH_FAILED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** The error envelope every non-2xx response and every SSE `error` frame carries. */
export interface ErrorEnvelope {
  code: ErrorCode;
  message: string;
  engine?: string;
  pool_id?: string;
  retriable?: boolean;
  retry_after_ms?: number;
  policy_label?: string;
}
