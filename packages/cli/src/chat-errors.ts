// CLI-016, CLI-017: failures of the OpenAI-compatible routes in the CLI's own
// terms. An OpenAI envelope `{error: {message, type, code}}` is reshaped into
// our envelope and handed to the same httpError as every other command, so the
// exit statuses and hints come from the one table in hints.ts.
import { isErrorCode, type ErrorCode, type ErrorEnvelope } from '@llama-orch/contracts';
import { asEnvelope, CORRELATION_HEADER, httpError, type Api } from './api.js';
import { CliError, EXIT } from './errors.js';
import { AUTH_HINTS, hintForCode } from './hints.js';
import { openAiFault, type OpenAiFault } from './openai-wire.js';

const NOT_SERVED_HINT =
  'name a model that GET /v1/models lists (or omit --model), and check that this orchestratord has the OpenAI-compatible routes';

/** Used only when the server's code is not one of ours: the nearest of ours for the HTTP status. */
function codeForStatus(status: number | undefined): ErrorCode {
  if (status === 429) return 'ADMISSION_REJECT';
  if (status === 503) return 'POOL_UNREADY';
  if (status !== undefined && status >= 400 && status < 500) return 'INVALID_PARAMS';
  return 'INTERNAL';
}

/** Pure: our code for an OpenAI fault; orchestratord puts its own code in `code` (any case). */
export function errorCodeOf(fault: OpenAiFault, status?: number): ErrorCode {
  for (const candidate of [fault.code, fault.type]) {
    const upper = typeof candidate === 'string' ? candidate.toUpperCase() : undefined;
    if (isErrorCode(upper)) return upper;
  }
  return codeForStatus(status);
}

function withHint(error: CliError, hint: string): CliError {
  return new CliError(error.code, error.message, {
    exitStatus: error.exitStatus,
    retriable: error.retriable,
    cause: error.cause,
    context: { ...error.context, hint },
  });
}

/** A non-2xx answer of /v1/models or /v1/chat/completions. */
export function chatHttpError(response: Response, body: unknown, api: Pick<Api, 'correlationId'>): CliError {
  const status = response.status;
  const fault = asEnvelope(body) === undefined ? openAiFault(body) : undefined;
  let error: CliError;
  if (fault === undefined) {
    error = httpError(response, body, api);
  } else if (status === 401 || status === 403) {
    error = new CliError('AUTH', fault.message, {
      exitStatus: EXIT.auth,
      context: {
        status,
        correlationId: response.headers.get(CORRELATION_HEADER) ?? api.correlationId,
        hint: AUTH_HINTS[status],
      },
    });
  } else {
    const envelope: ErrorEnvelope = {
      code: errorCodeOf(fault, status),
      message: fault.message,
      retriable: status === 429 || status === 503,
    };
    error = httpError(response, envelope, api);
  }
  return status === 404 ? withHint(error, NOT_SERVED_HINT) : error;
}

/** An error frame in the middle of a reply: the task ended with an error (CLI-017 status 5). */
export function streamFaultError(
  fault: OpenAiFault,
  context: { taskId: string | undefined; correlationId: string },
): CliError {
  const code = errorCodeOf(fault);
  return new CliError(code, fault.message, {
    exitStatus: EXIT.taskError,
    context: {
      correlationId: context.correlationId,
      ...(context.taskId === undefined ? {} : { taskId: context.taskId }),
      hint: hintForCode(code),
    },
  });
}

/** The connection closed before `[DONE]` or a finish reason; OpenAI streams cannot be resumed. */
export function streamCutError(
  context: { taskId: string | undefined; correlationId: string },
  cause?: unknown,
): CliError {
  const task = context.taskId === undefined ? '' : ` (task ${context.taskId})`;
  return new CliError('STREAM_LOST', `the reply stream ended before its last frame${task}`, {
    exitStatus: EXIT.failure,
    cause,
    context: {
      correlationId: context.correlationId,
      ...(context.taskId === undefined ? {} : { taskId: context.taskId }),
      hint: 'the connection dropped or the server stopped; ask again (a chat stream cannot be resumed)',
    },
  });
}
