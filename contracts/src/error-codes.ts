// The wire error taxonomy (OC-011, ORCHD-049, HOUSE_STYLE 4): one list and one table.
// The list is generated from common.yaml `ErrorCode` (pnpm regen); the table says, per
// code, the HTTP status it answers with by default, every other status a named case may
// use, and whether repeating the request as-is may succeed. The daemon's error factories,
// pool-managerd, the adapters and the compat protocols all read it; a contracts test keeps
// it in step with the OpenAPI enum and the table in .docs/OPERATIONS.md.
import { ERROR_CODES } from './generated/value-lists.js';

export { ERROR_CODES };

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export interface ErrorCodeEntry {
  /** The status a failure with this code answers with unless a named case says otherwise. */
  readonly status: number;
  /** Every status the code may leave with, the default first. */
  readonly statuses: readonly number[];
  /** Default for the envelope's `retriable`; a failure may say otherwise (e.g. a pool that cannot ever serve). */
  readonly retriable: boolean;
}

const entry = <const S extends readonly [number, ...number[]]>(
  statuses: S,
  retriable: boolean,
): { status: S[0]; statuses: S; retriable: boolean } => ({ status: statuses[0], statuses, retriable });

/** code → {status, statuses, retriable}; the one place HTTP statuses and retry semantics are decided. */
export const ERROR_TABLE = {
  // 409: the same task_id resubmitted with another body; 400: a guardrail (turns, budgets).
  ADMISSION_REJECT: entry([429, 400, 409], true),
  QUEUE_FULL_DROP_LRU: entry([429], true),
  // 401/403: the API token; 409: a catalog id taken; 413: a body over a limit; 415: not JSON.
  INVALID_PARAMS: entry([400, 401, 403, 409, 413, 415], false),
  POOL_UNREADY: entry([503, 409], true),
  POOL_UNAVAILABLE: entry([503], true),
  REPLICA_EXHAUSTED: entry([503], true),
  DECODE_TIMEOUT: entry([504], false),
  WORKER_RESET: entry([502], true),
  INTERNAL: entry([500], false),
  DEADLINE_UNMET: entry([400], false),
  MODEL_DEPRECATED: entry([400], false),
  UNTRUSTED_ARTIFACT: entry([400], false),
  // 413: request over policy.max_request_bytes; 429: policy.rate_per_minute; 502: response too large.
  POLICY_DENIED: entry([403, 413, 429, 502], false),
  // 504: the target did not answer within timeout_ms.
  FETCH_FAILED: entry([502, 504], true),
  NOT_FOUND: entry([404], false),
} as const satisfies Readonly<Record<ErrorCode, ErrorCodeEntry>>;

/** The statuses code `C` may answer with. */
export type ErrorStatus<C extends ErrorCode = ErrorCode> = (typeof ERROR_TABLE)[C]['statuses'][number];

/** True when `status` is one the table allows for `code`. */
export function isStatusOf(code: ErrorCode, status: number): boolean {
  return (ERROR_TABLE[code].statuses as readonly number[]).includes(status);
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
