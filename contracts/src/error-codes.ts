// The wire error taxonomy (MISSION "Public API"): one list, shared by the
// OpenAPI enum, the daemon's error handler and SSE `error` frames.
// The list itself is generated from common.yaml `ErrorCode` (pnpm regen).
import { ERROR_CODES } from './generated/value-lists.js';

export { ERROR_CODES };

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
