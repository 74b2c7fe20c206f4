// The engine adapter port (WA-001..WA-010 in .specs/40-worker-adapters.md).
// Every adapter (llamacpp-http, vllm-http, tgi-http, triton, mock) implements
// EngineAdapter and passes the one conformance suite against its engine.
import type { ErrorCode } from '@llama-orch/contracts';

export type EngineKind = 'llamacpp' | 'vllm' | 'tgi' | 'triton' | 'mock';

/** Readiness as the engine reports it; `down` = refused/unreachable, `loading` = up but not ready. */
export type EngineHealth =
  { type: 'ready' } | { type: 'loading'; detail: string } | { type: 'down'; detail: string };

export interface EngineProperties {
  engine: EngineKind;
  /** Version string as the engine reports it (llama.cpp build_info, vLLM /version, TGI /info version, Triton /v2 version). */
  engine_version: string;
  /** sha256 of the model file where known, else the engine's own model revision id; null when unknown. */
  model_digest: string | null;
  /** Model identifier the engine serves (served-model-name, model_id, model path, Triton model name). */
  model_id: string;
  /** Context window per request slot. */
  ctx_max: number;
  /** Concurrent request slots the engine declares. */
  slots_total: number;
}

/** A named, versioned sampling parameter set (sampler_profile_version) mapped to each engine's knobs. */
export interface SamplerParams {
  temperature: number;
  top_k: number;
  top_p: number;
  min_p: number;
  repetition_penalty: number;
}

export interface CompletionRequest {
  prompt: string;
  max_tokens: number;
  seed: number;
  sampler: SamplerParams;
  /** Aborting closes the engine connection so the engine really stops generating. */
  signal?: AbortSignal;
}

export type StopReason = 'eos' | 'limit' | 'stop_word';

export interface CompletionStats {
  tokens_in: number | null;
  tokens_out: number;
  decode_ms: number;
  stop_reason: StopReason;
}

/** Wire-shaped stream items: tokens numbered from 0, then exactly one `end`. */
export type CompletionEvent =
  { type: 'token'; t: string; i: number } | { type: 'end'; stats: CompletionStats };

export interface EngineMetricsSnapshot {
  kv_cache_usage_ratio: number | null;
  requests_running: number | null;
  requests_waiting: number | null;
  tokens_generated_total: number | null;
}

export interface EngineAdapter {
  readonly engine: EngineKind;
  readonly endpoint: string;
  health(signal?: AbortSignal): Promise<EngineHealth>;
  properties(signal?: AbortSignal): Promise<EngineProperties>;
  /**
   * Streams one completion. The iterator throws AdapterError on engine failure,
   * and rejects with `signal.reason` when the request's signal aborts.
   */
  complete(request: CompletionRequest): AsyncIterable<CompletionEvent>;
  countTokens(text: string, signal?: AbortSignal): Promise<number>;
  metrics(signal?: AbortSignal): Promise<EngineMetricsSnapshot>;
}

/** Codes an adapter may raise; a subset of the wire taxonomy. */
export type AdapterErrorCode = Extract<
  ErrorCode,
  'POOL_UNAVAILABLE' | 'WORKER_RESET' | 'DECODE_TIMEOUT' | 'INVALID_PARAMS' | 'INTERNAL'
>;
