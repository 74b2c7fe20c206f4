// Public door of @llama-orch/worker-adapters.
export { AdapterError } from './errors.js';
export type { AdapterErrorContext, AdapterErrorOptions } from './errors.js';
export { ENGINE_FEATURES, enginesWith } from './engine-features.js';
export type { EngineFeature } from './engine-features.js';
export type {
  AdapterErrorCode,
  ChatInput,
  ChatMessage,
  ChatTool,
  ChatToolCall,
  CompletionEvent,
  CompletionRequest,
  CompletionStats,
  EngineAdapter,
  EngineFeatures,
  EngineHealth,
  EngineKind,
  EngineMetricsSnapshot,
  EngineProperties,
  SamplerParams,
  ResponseFormat,
  StopReason,
  ToolCallDelta,
  ToolChoice,
} from './port.js';

export {
  DEFAULT_SAMPLER_PROFILE_VERSION,
  SAMPLER_PROFILE_VERSIONS,
  STRICT_SAMPLER_PROFILE_VERSION,
  isGreedy,
  resolveSamplerProfile,
  samplerProfiles,
} from './sampler-profiles.js';
export type { SamplerProfile } from './sampler-profiles.js';

// Shared HTTP/SSE edge, used by every HTTP adapter.
export { parseSse } from './shared/sse.js';
export type { SseEvent } from './shared/sse.js';
export { DEFAULT_TIMEOUTS, ensureOk, httpCall, resolveTimeouts, streamSse } from './shared/http.js';
export type { AdapterTimeouts, HttpCallOptions, HttpResult, StreamSseOptions } from './shared/http.js';
export {
  VRAM_OOM_DETAIL,
  engineErrorMessage,
  errorCodes,
  statusError,
  transportError,
} from './shared/error-mapping.js';
export type { FailurePhase } from './shared/error-mapping.js';
export { parsePrometheusText, sumSeries } from './shared/prometheus-text.js';
export type { PrometheusSample } from './shared/prometheus-text.js';
export { createTokenCounter } from './shared/token-counter.js';
export { MAX_PORTABLE_SEED, validateRequest } from './shared/validate-request.js';
export type { TokenCounter } from './shared/token-counter.js';

export { createLlamaCppAdapter } from './llamacpp-http/adapter.js';
export type { LlamaCppAdapter, LlamaCppAdapterOptions, LlamaCppSlot } from './llamacpp-http/adapter.js';

export { createMockAdapter } from './mock/adapter.js';
export type {
  MockAdapter,
  MockAdapterOptions,
  MockClock,
  MockFaults,
  MockStats,
  MockToolCall,
} from './mock/adapter.js';

// The other HTTP adapters (their own folders; exported here so callers use the public door).
export { createVllmAdapter } from './vllm-http/adapter.js';
export type { VllmAdapterOptions } from './vllm-http/adapter.js';
export { createTgiAdapter } from './tgi-http/adapter.js';
export type { TgiAdapterOptions } from './tgi-http/adapter.js';
export { createTritonAdapter } from './triton/adapter.js';
export type { TritonAdapterOptions } from './triton/adapter.js';

// The adapter for an engine family at an endpoint (used by both daemons).
export { adapterFor } from './adapter-factory.js';
export type { AdapterInput } from './adapter-factory.js';
