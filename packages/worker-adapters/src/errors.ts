// Typed adapter failures mapped to the wire taxonomy (WA-008).
import type { AdapterErrorCode, EngineKind } from './port.js';

export interface AdapterErrorOptions {
  engine: EngineKind;
  retriable?: boolean;
  cause?: unknown;
  /** Distinguishes e.g. VRAM OOM reported by the engine from other failures. */
  detail?: string;
}

export class AdapterError extends Error {
  override readonly name = 'AdapterError';
  readonly code: AdapterErrorCode;
  readonly engine: EngineKind;
  readonly retriable: boolean;
  readonly detail: string | undefined;

  constructor(code: AdapterErrorCode, message: string, options: AdapterErrorOptions) {
    super(message, { cause: options.cause });
    this.code = code;
    this.engine = options.engine;
    this.retriable = options.retriable ?? (code === 'POOL_UNAVAILABLE' || code === 'WORKER_RESET');
    this.detail = options.detail;
  }
}
