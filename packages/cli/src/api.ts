// CLI-007, CLI-008, CLI-016: the only way the CLI reaches orchestratord. The
// clients are the ones generated from contracts/openapi (openapi-fetch), bound
// to the one configured endpoint; this module turns their results into data
// or a CliError that carries the typed code, correlation id and a hint.
import { randomUUID } from 'node:crypto';
import {
  createCompatClient,
  createControlClient,
  createDataClient,
  isErrorCode,
  type CompatClient,
  type ControlClient,
  type DataClient,
  type ErrorEnvelope,
} from '@llama-orch/contracts';
import { CliError, EXIT } from './errors.js';
import { AUTH_HINTS, NOT_FOUND_HINT, exitStatusFor, hintForCode, hintForNetwork } from './hints.js';

export const CORRELATION_HEADER = 'X-Correlation-Id';

export interface Api {
  readonly endpoint: string;
  readonly data: DataClient;
  readonly control: ControlClient;
  /** The OpenAI- and Anthropic-compatible routes (compat.yaml), as agents use them. */
  readonly compat: CompatClient;
  /** Sent on every request of this invocation so the server's log lines group under it. */
  readonly correlationId: string;
}

export interface CreateApiOptions {
  endpoint: string;
  token: string | undefined;
  fetch?: typeof fetch;
  correlationId?: string;
}

export function createApi(options: CreateApiOptions): Api {
  const correlationId = options.correlationId ?? `llorch-${randomUUID()}`;
  const common = {
    baseUrl: options.endpoint,
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    headers: { [CORRELATION_HEADER]: correlationId },
  };
  return {
    endpoint: options.endpoint,
    data: createDataClient(common),
    control: createControlClient(common),
    compat: createCompatClient(common),
    correlationId,
  };
}

/** What every openapi-fetch call resolves to, whatever the operation. */
export interface ApiResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export function asEnvelope(body: unknown): ErrorEnvelope | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const candidate = body as Partial<ErrorEnvelope>;
  if (!isErrorCode(candidate.code) || typeof candidate.message !== 'string') return undefined;
  return candidate as ErrorEnvelope;
}

export function httpError(response: Response, body: unknown, api: Pick<Api, 'correlationId'>): CliError {
  const envelope = asEnvelope(body);
  const correlationId = response.headers.get(CORRELATION_HEADER) ?? api.correlationId;
  const status = response.status;
  const context = { status, correlationId, ...(envelope === undefined ? {} : { serverCode: envelope.code }) };
  if (status === 401 || status === 403) {
    return new CliError('AUTH', envelope?.message ?? `the server answered ${status}`, {
      exitStatus: EXIT.auth,
      context: { ...context, hint: AUTH_HINTS[status] },
    });
  }
  if (envelope === undefined) {
    const text = typeof body === 'string' && body.length > 0 ? `: ${body.slice(0, 200)}` : '';
    return new CliError('PROTOCOL', `unexpected HTTP ${status} without an error envelope${text}`, {
      exitStatus: EXIT.failure,
      context: { ...context, hint: 'check that --endpoint points at orchestratord, not another service' },
    });
  }
  return new CliError(envelope.code, envelope.message, {
    exitStatus: exitStatusFor(status, envelope.code),
    retriable: envelope.retriable ?? false,
    context: { ...context, hint: status === 404 ? NOT_FOUND_HINT : hintForCode(envelope.code) },
  });
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** fetch reports a refused or reset connection as TypeError('fetch failed') with the errno in `cause`. */
export function networkErrno(error: unknown): string | undefined {
  if (!(error instanceof TypeError)) return undefined;
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : 'UNKNOWN';
}

export function networkError(api: Pick<Api, 'endpoint' | 'correlationId'>, error: unknown): CliError {
  const errno = networkErrno(error);
  return new CliError('NETWORK', `cannot reach orchestratord at ${api.endpoint} (${errno ?? 'error'})`, {
    exitStatus: EXIT.failure,
    retriable: errno !== 'ECONNREFUSED' && errno !== 'ENOTFOUND',
    cause: error,
    context: { correlationId: api.correlationId, hint: hintForNetwork(api.endpoint, errno) },
  });
}

/** Runs one typed call; network failures and non-2xx answers become CliErrors, aborts pass through. */
export async function send<T>(
  api: Api,
  call: () => Promise<ApiResult<T>>,
): Promise<{ data: T | undefined; response: Response }> {
  let result: ApiResult<T>;
  try {
    result = await call();
  } catch (error) {
    if (isAbort(error) || networkErrno(error) === undefined) throw error;
    throw networkError(api, error);
  }
  if (!result.response.ok) throw httpError(result.response, result.error, api);
  return { data: result.data, response: result.response };
}

/** Like send, for operations whose success always has a JSON body. */
export async function sendJson<T>(
  api: Api,
  call: () => Promise<ApiResult<T>>,
): Promise<{ data: T; response: Response }> {
  const { data, response } = await send(api, call);
  if (data === undefined) {
    throw new CliError('PROTOCOL', `HTTP ${response.status} came without the expected JSON body`, {
      exitStatus: EXIT.failure,
      context: {
        status: response.status,
        correlationId: response.headers.get(CORRELATION_HEADER) ?? api.correlationId,
      },
    });
  }
  return { data, response };
}
