// POOL-040..POOL-043: typed failures of engine provisioning (source bundle,
// toolchain, build, binary validation). Each message tells the operator what
// to do next, because provisioning usually fails on a fresh workstation.

export type ProvisionErrorCode =
  | 'BUNDLE_NOT_FOUND'
  | 'BUNDLE_UNREADABLE'
  | 'BUILD_TOOLS_MISSING'
  | 'BUILD_FAILED'
  | 'BUILD_ABORTED'
  | 'BINARY_INVALID'
  | 'LOCK_TIMEOUT';

export interface ProvisionErrorOptions {
  cause?: unknown;
  retriable?: boolean;
  context?: Readonly<Record<string, unknown>>;
}

export class ProvisionError extends Error {
  override readonly name = 'ProvisionError';
  readonly code: ProvisionErrorCode;
  readonly retriable: boolean;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: ProvisionErrorCode, message: string, options: ProvisionErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    // Only a lock timeout can succeed on a plain retry; the rest need a fix first.
    this.retriable = options.retriable ?? code === 'LOCK_TIMEOUT';
    this.context = Object.freeze({ ...options.context });
  }
}
