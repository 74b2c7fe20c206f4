// ORCHD errors (ORCHD-049, OC-011, OC-013, HOUSE_STYLE 4): the daemon's one error
// class, on the shared TypedError base, and the named factories every refusal is built
// with. Status and retry defaults come from contracts' ERROR_TABLE; a factory names the
// case when a code leaves with one of its other statuses (a 404, a 409, a 413…), and
// the constructor refuses a status the table does not list for the code.
import {
  ERROR_TABLE,
  TypedError,
  isStatusOf,
  type ErrorCode,
  type ErrorEnvelope,
  type ErrorStatus,
} from '@llama-orch/contracts';

/** Context fields that may reach the envelope; everything else stays in logs. */
export interface OrchestratordErrorContext {
  readonly engine?: string;
  readonly pool_id?: string;
  readonly task_id?: string;
  readonly session_id?: string;
  readonly [key: string]: unknown;
}

export interface OrchestratordErrorOptions {
  /** One of the code's statuses in ERROR_TABLE; the factories below pick it by name. */
  status?: ErrorStatus;
  retriable?: boolean;
  retryAfterMs?: number;
  policyLabel?: string;
  context?: OrchestratordErrorContext;
  cause?: unknown;
}

export class OrchestratordError extends TypedError<ErrorCode, OrchestratordErrorContext> {
  override readonly name = 'OrchestratordError';
  readonly status: number;
  readonly retryAfterMs: number | undefined;
  readonly policyLabel: string | undefined;

  constructor(code: ErrorCode, message: string, options: OrchestratordErrorOptions = {}) {
    super(code, message, {
      retriable: options.retriable ?? ERROR_TABLE[code].retriable,
      context: options.context ?? {},
      cause: options.cause,
    });
    const status = options.status ?? ERROR_TABLE[code].status;
    if (!isStatusOf(code, status)) {
      throw new TypeError(`${code} never answers ${status}; add the case to ERROR_TABLE in contracts first`);
    }
    this.status = status;
    this.retryAfterMs = options.retryAfterMs;
    this.policyLabel = options.policyLabel;
  }

  toEnvelope(): ErrorEnvelope {
    return toEnvelope(this);
  }
}

type Extra = Omit<OrchestratordErrorOptions, 'status'>;

/** 400: the request breaks a documented rule; the message names the field and the fix. */
export const invalidParams = (message: string, extra: Extra = {}): OrchestratordError =>
  new OrchestratordError('INVALID_PARAMS', message, extra);

/** 401: no API token was sent. */
export const missingToken = (message: string): OrchestratordError =>
  new OrchestratordError('INVALID_PARAMS', message, { status: 401 });

/** 403: a token was sent but it is not the deployment's. */
export const tokenRejected = (message: string): OrchestratordError =>
  new OrchestratordError('INVALID_PARAMS', message, { status: 403 });

/** 404: no task, session, model, artifact, response or route at that path. */
export const notFound = (message: string, extra: Extra = {}): OrchestratordError =>
  new OrchestratordError('NOT_FOUND', message, extra);

/** 409: a resource with that id already exists with other content. */
export const conflict = (message: string, extra: Extra = {}): OrchestratordError =>
  new OrchestratordError('INVALID_PARAMS', message, { ...extra, status: 409 });

/** 409: the task_id was already submitted with a different body (ORCHD-003). */
export const taskIdConflict = (message: string): OrchestratordError =>
  new OrchestratordError('ADMISSION_REJECT', message, { status: 409, retriable: false });

/** 429 ADMISSION_REJECT: one of the submitting client's own limits (ORCHD-090, ORCHD-091) refused. */
export const clientLimitReject = (limit: string, message: string, retryAfterMs: number): OrchestratordError =>
  new OrchestratordError('ADMISSION_REJECT', message, {
    status: 429,
    retriable: true,
    retryAfterMs,
    policyLabel: limit,
  });

/** 400 ADMISSION_REJECT: a guardrail (turns, budgets) refused; retrying as-is cannot help. */
export const guardrailReject = (message: string, extra: Extra = {}): OrchestratordError =>
  new OrchestratordError('ADMISSION_REJECT', message, { retriable: false, ...extra, status: 400 });

/** 413: the body is over a limit. */
export const tooLarge = (message: string, extra: Extra = {}): OrchestratordError =>
  new OrchestratordError('INVALID_PARAMS', message, { ...extra, status: 413 });

/** 415: the body is not JSON. */
export const unsupportedMediaType = (message: string): OrchestratordError =>
  new OrchestratordError('INVALID_PARAMS', message, { status: 415 });

/** 500: our own fault; the message says what an operator can do. */
export const internal = (message: string, extra: Extra = {}): OrchestratordError =>
  new OrchestratordError('INTERNAL', message, extra);

/** POLICY_DENIED with the rule that refused: 403 by default, 413/429/502 by case. */
export const policyDenied = (
  rule: string,
  message: string,
  status: ErrorStatus<'POLICY_DENIED'> = 403,
  extra: Extra = {},
): OrchestratordError =>
  new OrchestratordError('POLICY_DENIED', message, { ...extra, status, policyLabel: rule });

/** FETCH_FAILED: 502 when the target cannot be reached, 504 when it did not answer in time. */
export const fetchFailed = (message: string, timedOut: boolean): OrchestratordError =>
  new OrchestratordError('FETCH_FAILED', message, { status: timedOut ? 504 : 502 });

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
