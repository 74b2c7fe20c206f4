// Public door of @llama-orch/worker-adapters.
export { AdapterError } from './errors.js';
export type { AdapterErrorOptions } from './errors.js';
export type {
  AdapterErrorCode,
  CompletionEvent,
  CompletionRequest,
  CompletionStats,
  EngineAdapter,
  EngineHealth,
  EngineKind,
  EngineMetricsSnapshot,
  EngineProperties,
  SamplerParams,
  StopReason,
} from './port.js';
