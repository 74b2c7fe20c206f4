// The engine adapter port (WA-001..WA-010 in .specs/40-worker-adapters.md).
// Every adapter (llamacpp-http, vllm-http, tgi-http, triton, mock) implements
// EngineAdapter and passes the one conformance suite against its engine.
import type {
  ChatMessage,
  ChatTool,
  Engine,
  ErrorCode,
  ResponseFormat,
  ToolChoice,
} from '@llama-orch/contracts';

/** The wire's engines plus the in-process mock adapter. */
export type EngineKind = Engine | 'mock';

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
  /**
   * KV-cache bytes one token of context takes, from the model's shape (the GGUF header), known to
   * whoever started the engine; absent when unknown. Sessions' kv_bytes estimates build on it.
   */
  kv_bytes_per_token?: number;
}

/** A named, versioned sampling parameter set (sampler_profile_version) mapped to each engine's knobs. */
export interface SamplerParams {
  temperature: number;
  top_k: number;
  top_p: number;
  min_p: number;
  repetition_penalty: number;
}

// The chat shapes are the wire's (data.yaml), defined once in contracts: an engine gets
// exactly what a task carried.
export type { ChatMessage, ChatTool, ChatToolCall, ResponseFormat, ToolChoice } from '@llama-orch/contracts';

/** A chat workload: the engine applies the model's chat template and parses tool calls. */
export interface ChatInput {
  messages: ChatMessage[];
  tools?: ChatTool[];
  tool_choice?: ToolChoice;
  response_format?: ResponseFormat;
}

export interface CompletionRequest {
  /** Raw prompt text; with `infill` it is the text before the cursor. Ignored when `chat` is set. */
  prompt: string;
  /** Chat instead of a raw prompt (WA-020); only engines whose features list `chat` take it. */
  chat?: ChatInput;
  /** Fill-in-the-middle: generate what goes between `prompt` and this suffix (features `infill`). */
  infill?: { suffix: string };
  /** Stop sequences; the engine stops before emitting one. */
  stop?: readonly string[];
  max_tokens: number;
  seed: number;
  sampler: SamplerParams;
  /** Aborting closes the engine connection so the engine really stops generating. */
  signal?: AbortSignal;
}

export type StopReason = 'eos' | 'limit' | 'stop_word' | 'tool_calls';

export interface CompletionStats {
  tokens_in: number | null;
  /** Token events streamed (text pieces). */
  tokens_out: number;
  /** The engine's own count of generated tokens where it reports one (tool calls included). */
  completion_tokens?: number | null;
  decode_ms: number;
  stop_reason: StopReason;
}

/** Part of one tool call as the engine streams it: name and id come first, arguments in pieces. */
export interface ToolCallDelta {
  /** Position of the call in the reply (0 for the first call). */
  index: number;
  id?: string;
  name?: string;
  /** The next piece of the arguments' JSON text ('' when this delta only names the call). */
  arguments: string;
}

/** Wire-shaped stream items: tokens numbered from 0, tool-call deltas in between, then exactly one `end`. */
export type CompletionEvent =
  | { type: 'token'; t: string; i: number }
  | { type: 'tool_call'; delta: ToolCallDelta }
  | { type: 'end'; stats: CompletionStats };

/** What an engine kind can serve beyond raw completions (one table: engine-features.ts). */
export interface EngineFeatures {
  /** OpenAI-style chat with the model's own template. */
  chat: boolean;
  /** Function tools passed to the engine and tool calls parsed back. */
  tools: boolean;
  /** Fill-in-the-middle (prompt + suffix). */
  infill: boolean;
  /** response_format json_object / json_schema (grammar-constrained output). */
  json_output: boolean;
}

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
  /**
   * Tokens of a chat prompt after the engine's template, tools included; undefined where the
   * engine cannot say (the caller then falls back to a bound).
   */
  countChatTokens?(chat: ChatInput, signal?: AbortSignal): Promise<number>;
  metrics(signal?: AbortSignal): Promise<EngineMetricsSnapshot>;
}

/** Codes an adapter may raise; a subset of the wire taxonomy. */
export type AdapterErrorCode = Extract<
  ErrorCode,
  'POOL_UNAVAILABLE' | 'WORKER_RESET' | 'DECODE_TIMEOUT' | 'INVALID_PARAMS' | 'INTERNAL'
>;
