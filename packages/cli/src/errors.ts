// CLI-016, CLI-017: the CLI's one error type and its fixed exit statuses.
// Every failure the user sees, local or from the server, becomes a CliError
// that carries the typed code, the server's message, the correlation id and
// a hint for what to do next, so no error reaches the terminal unexplained.
import { TypedError, type ErrorCode } from '@llama-orch/contracts';

/** CLI-017: the exit statuses scripts and agents may rely on. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  backpressure: 3,
  auth: 4,
  taskError: 5,
  interrupted: 130,
} as const;

export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];

/** Failures that happen on this side of the wire, next to the server's taxonomy. */
export type LocalErrorCode =
  'USAGE' | 'CONFIG' | 'NETWORK' | 'AUTH' | 'RETRIES_EXHAUSTED' | 'STREAM_LOST' | 'PROTOCOL' | 'INTERRUPTED';

export type CliErrorCode = ErrorCode | LocalErrorCode;

export interface CliErrorContext {
  /** HTTP status of the response that failed, when there was one. */
  readonly status?: number;
  readonly correlationId?: string;
  readonly hint?: string;
  /** The server's code when the local code wraps it (e.g. RETRIES_EXHAUSTED after 429 ADMISSION_REJECT). */
  readonly serverCode?: ErrorCode;
  readonly taskId?: string;
}

export interface CliErrorOptions {
  exitStatus: ExitStatus;
  retriable?: boolean;
  context?: CliErrorContext;
  cause?: unknown;
}

export class CliError extends TypedError<CliErrorCode, CliErrorContext> {
  override readonly name = 'CliError';
  readonly exitStatus: ExitStatus;

  constructor(code: CliErrorCode, message: string, options: CliErrorOptions) {
    super(code, message, {
      retriable: options.retriable ?? false,
      context: options.context ?? {},
      cause: options.cause,
    });
    this.exitStatus = options.exitStatus;
  }
}

export function isCliError(value: unknown): value is CliError {
  return value instanceof CliError;
}

export function usageError(message: string, hint: string): CliError {
  return new CliError('USAGE', message, { exitStatus: EXIT.usage, context: { hint } });
}

/**
 * CLI-016: `error CODE (HTTP 400, correlation id X): message` then `hint: …`.
 * The token never appears here: messages come from the server or from our own
 * code, and neither ever includes it (CLI-006).
 */
export function formatCliError(error: CliError): string {
  const facts: string[] = [];
  if (error.context.serverCode !== undefined && error.context.serverCode !== error.code) {
    facts.push(`server code ${error.context.serverCode}`);
  }
  if (error.context.status !== undefined) facts.push(`HTTP ${error.context.status}`);
  if (error.context.correlationId !== undefined) facts.push(`correlation id ${error.context.correlationId}`);
  const head = `error ${error.code}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}: ${error.message}`;
  const hint = error.context.hint;
  return hint === undefined ? `${head}\n` : `${head}\n  hint: ${hint}\n`;
}
