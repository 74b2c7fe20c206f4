// POOL-045, POOL-046: why an engine process failed to come up. A replica's
// supervisor needs to tell "bad binary/model" (not retriable as-is) from
// "slow or unlucky start" (retry with backoff), and the operator needs the log tail.

export type EngineProcessErrorCode =
  | 'ENGINE_SPAWN_FAILED'
  | 'ENGINE_EXITED_BEFORE_READY'
  | 'ENGINE_PORT_IN_USE'
  | 'ENGINE_START_TIMEOUT'
  | 'ENGINE_START_ABORTED';

export interface EngineProcessErrorContext {
  binaryPath: string;
  port?: number;
  /** Set when the process had started (it is gone by the time the error is thrown). */
  pid?: number;
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  /** Last lines the engine printed before failing. */
  lastLog: readonly string[];
}

export class EngineProcessError extends Error {
  override readonly name = 'EngineProcessError';
  readonly code: EngineProcessErrorCode;
  readonly retriable: boolean;
  readonly context: Readonly<EngineProcessErrorContext>;

  constructor(
    code: EngineProcessErrorCode,
    message: string,
    context: EngineProcessErrorContext,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    // A timeout may be load on the host; a crash or a missing binary repeats on retry.
    this.retriable = code === 'ENGINE_START_TIMEOUT';
    this.context = Object.freeze({ ...context, lastLog: Object.freeze([...context.lastLog]) });
  }
}
