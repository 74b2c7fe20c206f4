// POOL-004, POOL-007, POOL-010, POOL-019, POOL-020: typed failures of
// pool-managerd. Each carries a stable code, whether retrying as-is can help,
// and the wire ErrorCode the HTTP layer answers with, so the message an
// operator reads in `last_error` is the same one the API returns.
import { ERROR_TABLE, TypedError, isStatusOf, type ErrorCode } from '@llama-orch/contracts';

export type PoolManagerErrorCode =
  | 'MODEL_NOT_FOUND'
  | 'MODEL_DIGEST_MISMATCH'
  | 'DIGEST_REQUIRED'
  | 'MODEL_UNREADABLE'
  | 'NO_GPU'
  | 'DEVICE_MISSING'
  | 'VRAM_INSUFFICIENT'
  | 'ENGINE_UNAVAILABLE'
  | 'ENGINE_VERSION_MISMATCH'
  | 'SELF_TEST_FAILED'
  | 'POOL_NOT_FOUND'
  | 'POOL_BUSY'
  | 'INVALID_REQUEST';

/**
 * Each failure's wire code and whether retrying as-is can help (a missing GPU will not appear
 * on its own, a busy engine may free up). The HTTP status is the wire code's in contracts'
 * ERROR_TABLE, or the named one of its other statuses.
 */
const WIRE: Record<PoolManagerErrorCode, { wire: ErrorCode; retriable: boolean; status?: number }> = {
  MODEL_NOT_FOUND: { wire: 'INVALID_PARAMS', retriable: false },
  MODEL_DIGEST_MISMATCH: { wire: 'UNTRUSTED_ARTIFACT', retriable: false },
  DIGEST_REQUIRED: { wire: 'UNTRUSTED_ARTIFACT', retriable: false },
  MODEL_UNREADABLE: { wire: 'INVALID_PARAMS', retriable: false },
  NO_GPU: { wire: 'POOL_UNAVAILABLE', retriable: false },
  DEVICE_MISSING: { wire: 'POOL_UNAVAILABLE', retriable: false },
  VRAM_INSUFFICIENT: { wire: 'POOL_UNAVAILABLE', retriable: true },
  ENGINE_UNAVAILABLE: { wire: 'POOL_UNAVAILABLE', retriable: true },
  ENGINE_VERSION_MISMATCH: { wire: 'POOL_UNAVAILABLE', retriable: false },
  SELF_TEST_FAILED: { wire: 'POOL_UNREADY', retriable: true },
  POOL_NOT_FOUND: { wire: 'NOT_FOUND', retriable: false },
  // 409: the pool is mid-reload or mid-drain; the same call succeeds once that ends.
  POOL_BUSY: { wire: 'POOL_UNREADY', retriable: true, status: 409 },
  INVALID_REQUEST: { wire: 'INVALID_PARAMS', retriable: false },
};

export interface PoolManagerErrorOptions {
  cause?: unknown;
  context?: Readonly<Record<string, unknown>>;
  poolId?: string;
}

export class PoolManagerError extends TypedError<PoolManagerErrorCode> {
  override readonly name = 'PoolManagerError';
  readonly wireCode: ErrorCode;
  /** The HTTP status the API answers with (contracts' ERROR_TABLE for `wireCode`). */
  readonly status: number;
  readonly poolId: string | undefined;

  constructor(code: PoolManagerErrorCode, message: string, options: PoolManagerErrorOptions = {}) {
    const wire = WIRE[code];
    super(code, message, {
      retriable: wire.retriable,
      ...(options.context === undefined ? {} : { context: options.context }),
      cause: options.cause,
    });
    this.wireCode = wire.wire;
    this.status = wire.status ?? ERROR_TABLE[wire.wire].status;
    if (!isStatusOf(wire.wire, this.status)) {
      throw new TypeError(
        `${wire.wire} never answers ${this.status}; add the case to ERROR_TABLE in contracts first`,
      );
    }
    this.poolId = options.poolId;
  }
}

export function isPoolManagerError(value: unknown): value is PoolManagerError {
  return value instanceof PoolManagerError;
}
