// CORE-003: refusals are typed results; this error exists only for invalid
// configuration handed to a factory (a programming or config-file mistake),
// which must fail loudly at startup rather than be silently clamped.
import { TypedError, type ErrorCode } from '@llama-orch/contracts';

export type CoreErrorCode = Extract<ErrorCode, 'INVALID_PARAMS' | 'INTERNAL'>;

export interface CoreErrorOptions {
  /** The offending option values, for logs. */
  context?: Readonly<Record<string, unknown>>;
  cause?: unknown;
}

export class CoreError extends TypedError<CoreErrorCode> {
  override readonly name = 'CoreError';

  constructor(code: CoreErrorCode, message: string, options: CoreErrorOptions = {}) {
    // Configuration mistakes do not go away on retry.
    super(code, message, { retriable: false, ...options });
  }
}

/** Throws INVALID_PARAMS unless `value` is a finite number within [min, max]. */
export function requireNumberInRange(name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new CoreError(
      'INVALID_PARAMS',
      `${name} must be a number in [${min}, ${max}], got ${value}; fix the option`,
      {
        context: { [name]: value },
      },
    );
  }
  return value;
}

/** Throws INVALID_PARAMS unless `value` is an integer ≥ `min`. */
export function requireInteger(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new CoreError(
      'INVALID_PARAMS',
      `${name} must be an integer ≥ ${min}, got ${value}; fix the option`,
      {
        context: { [name]: value },
      },
    );
  }
  return value;
}

/** Throws INVALID_PARAMS unless `value` is a finite number in [0, 1). */
export function requireFraction(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0 || value >= 1) {
    throw new CoreError('INVALID_PARAMS', `${name} must be in [0, 1), got ${value}; fix the option`, {
      context: { [name]: value },
    });
  }
  return value;
}
