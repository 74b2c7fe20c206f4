// Typed adapter failures mapped to the wire taxonomy (WA-008), on the shared TypedError
// base; whether a code is worth retrying by default comes from contracts' ERROR_TABLE.
import { ERROR_TABLE, TypedError } from '@llama-orch/contracts';
import type { AdapterErrorCode, EngineKind } from './port.js';

export interface AdapterErrorOptions {
  engine: EngineKind;
  retriable?: boolean;
  cause?: unknown;
  /** Distinguishes e.g. VRAM OOM reported by the engine from other failures. */
  detail?: string;
}

export interface AdapterErrorContext {
  readonly engine: EngineKind;
  readonly detail?: string;
}

export class AdapterError extends TypedError<AdapterErrorCode, AdapterErrorContext> {
  override readonly name = 'AdapterError';
  readonly engine: EngineKind;
  readonly detail: string | undefined;

  constructor(code: AdapterErrorCode, message: string, options: AdapterErrorOptions) {
    super(code, message, {
      retriable: options.retriable ?? ERROR_TABLE[code].retriable,
      context: {
        engine: options.engine,
        ...(options.detail === undefined ? {} : { detail: options.detail }),
      },
      cause: options.cause,
    });
    this.engine = options.engine;
    this.detail = options.detail;
  }
}
