// Public door of @llama-orch/contracts: wire types, error taxonomy, config schema, typed clients.
export { ERROR_CODES, ERROR_TABLE, isErrorCode, isStatusOf } from './error-codes.js';
export type { ErrorCode, ErrorCodeEntry, ErrorEnvelope, ErrorStatus } from './error-codes.js';
export { TypedError, isTypedError } from './typed-error.js';
export type { TypedErrorOptions } from './typed-error.js';
export {
  DETERMINISM_MODES,
  ENGINES,
  KV_HINTS,
  PRIORITIES,
  STREAM_CANCEL_REASONS,
  WORKLOADS,
} from './generated/value-lists.js';
export * from './openapi.js';
export * from './config/index.js';
export * from './metrics-contract.js';
