// POOL-004, POOL-007, POOL-010, POOL-019, POOL-020: typed failures of
// pool-managerd. Each carries a stable code, whether retrying as-is can help,
// and the wire ErrorCode the HTTP layer answers with, so the message an
// operator reads in `last_error` is the same one the API returns.
import type { ErrorCode } from '@llama-orch/contracts';

export type PoolManagerErrorCode =
  | 'MODEL_NOT_FOUND'
  | 'MODEL_DIGEST_MISMATCH'
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

const WIRE: Record<PoolManagerErrorCode, { wire: ErrorCode; status: number; retriable: boolean }> = {
  MODEL_NOT_FOUND: { wire: 'INVALID_PARAMS', status: 400, retriable: false },
  MODEL_DIGEST_MISMATCH: { wire: 'UNTRUSTED_ARTIFACT', status: 400, retriable: false },
  MODEL_UNREADABLE: { wire: 'INVALID_PARAMS', status: 400, retriable: false },
  NO_GPU: { wire: 'POOL_UNAVAILABLE', status: 503, retriable: false },
  DEVICE_MISSING: { wire: 'POOL_UNAVAILABLE', status: 503, retriable: false },
  VRAM_INSUFFICIENT: { wire: 'POOL_UNAVAILABLE', status: 503, retriable: true },
  ENGINE_UNAVAILABLE: { wire: 'POOL_UNAVAILABLE', status: 503, retriable: true },
  ENGINE_VERSION_MISMATCH: { wire: 'POOL_UNAVAILABLE', status: 503, retriable: false },
  SELF_TEST_FAILED: { wire: 'POOL_UNREADY', status: 503, retriable: true },
  POOL_NOT_FOUND: { wire: 'INVALID_PARAMS', status: 404, retriable: false },
  POOL_BUSY: { wire: 'POOL_UNREADY', status: 409, retriable: true },
  INVALID_REQUEST: { wire: 'INVALID_PARAMS', status: 400, retriable: false },
};

export interface PoolManagerErrorOptions {
  cause?: unknown;
  context?: Readonly<Record<string, unknown>>;
  poolId?: string;
}

export class PoolManagerError extends Error {
  override readonly name = 'PoolManagerError';
  readonly code: PoolManagerErrorCode;
  readonly retriable: boolean;
  readonly wireCode: ErrorCode;
  readonly httpStatus: number;
  readonly poolId: string | undefined;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: PoolManagerErrorCode, message: string, options: PoolManagerErrorOptions = {}) {
    super(message, { cause: options.cause });
    const wire = WIRE[code];
    this.code = code;
    this.retriable = wire.retriable;
    this.wireCode = wire.wire;
    this.httpStatus = wire.status;
    this.poolId = options.poolId;
    this.context = Object.freeze({ ...options.context });
  }
}

export function isPoolManagerError(value: unknown): value is PoolManagerError {
  return value instanceof PoolManagerError;
}
