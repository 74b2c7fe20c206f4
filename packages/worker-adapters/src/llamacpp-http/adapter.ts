// WA-015, WA-020: the llama.cpp adapter, speaking llama-server's own API (/health,
// /props, /slots, /completion, /infill, /v1/chat/completions, /apply-template,
// /tokenize, /metrics). Token events carry the non-empty text pieces the engine
// streams: EOS arrives as an empty piece and is not a token event, and a piece can
// span several engine tokens when llama-server holds back half a UTF-8 character or
// a possible stop word. tokens_out counts token events, so it always matches the stream.
import { AdapterError } from '../errors.js';
import type {
  ChatInput,
  CompletionEvent,
  CompletionRequest,
  EngineAdapter,
  EngineHealth,
  EngineMetricsSnapshot,
  EngineProperties,
} from '../port.js';
import { engineErrorMessage } from '../shared/error-mapping.js';
import { createEngineEndpoint, healthByStatus } from '../shared/engine-endpoint.js';
import { streamCompletion } from '../shared/completion-stream.js';
import { createSpareConnections } from '../shared/own-connection.js';
import { ensureOk } from '../shared/http.js';
import type { AdapterTimeouts } from '../shared/http.js';
import { parsePrometheusText, sumSeries } from '../shared/prometheus-text.js';
import { asObject } from '../shared/json-readers.js';
import { readProps, readSlots } from './props.js';
import type { LlamaCppSlot } from './props.js';
import { llamaCppWire } from './wire.js';

export type { LlamaCppSlot } from './props.js';

export interface LlamaCppAdapterOptions {
  /** Base URL of one llama-server replica, e.g. http://127.0.0.1:8081 */
  endpoint: string;
  /** sha256 of the GGUF file, known to whoever started the engine. */
  modelDigest?: string | null;
  timeouts?: Partial<AdapterTimeouts>;
  /** Reported when /props lacks build_info (older builds); e.g. parsed from `llama-server --version`. */
  engineVersion?: string;
  /** KV-cache bytes per token of context, from the GGUF header; llama-server does not report it. */
  kvBytesPerToken?: number | null;
}

export interface LlamaCppAdapter extends EngineAdapter {
  /** Per-slot state from /slots (needs the server's --slots, on by default). */
  slots(signal?: AbortSignal): Promise<LlamaCppSlot[]>;
}

export function createLlamaCppAdapter(options: LlamaCppAdapterOptions): LlamaCppAdapter {
  const engine = 'llamacpp' as const;
  const { endpoint, timeouts, url, get, post } = createEngineEndpoint(engine, options);

  function health(signal?: AbortSignal): Promise<EngineHealth> {
    return healthByStatus(
      () => get('/health', signal),
      (result) => {
        const said = engineErrorMessage(result.json ?? result.text) ?? `HTTP ${result.status}`;
        // Decide on the status, not the body: bodies differ between builds.
        if (result.status === 503) return { type: 'loading', detail: said };
        return { type: 'down', detail: `llama-server /health answered HTTP ${result.status}: ${said}` };
      },
    );
  }

  async function slots(signal?: AbortSignal): Promise<LlamaCppSlot[]> {
    const result = ensureOk(await get('/slots', signal), engine, url('/slots'));
    return readSlots(result.json);
  }

  async function properties(signal?: AbortSignal): Promise<EngineProperties> {
    const props = readProps(ensureOk(await get('/props', signal), engine, url('/props')).json);
    let { ctxPerSlot, totalSlots } = props;
    if (ctxPerSlot === undefined || totalSlots === undefined) {
      const list = await slots(signal).catch(() => []);
      ctxPerSlot ??= list.find((s) => s.n_ctx !== null)?.n_ctx ?? undefined;
      totalSlots ??= list.length > 0 ? list.length : undefined;
    }
    return {
      engine,
      engine_version: props.buildInfo ?? options.engineVersion ?? 'llama.cpp (build unknown)',
      model_digest: options.modelDigest ?? null,
      model_id: props.modelId ?? 'unknown',
      ctx_max: ctxPerSlot ?? 0,
      slots_total: totalSlots ?? 1,
      ...(typeof options.kvBytesPerToken === 'number' && { kv_bytes_per_token: options.kvBytesPerToken }),
    };
  }

  const open = llamaCppWire(endpoint);
  // llama-server closes the connection after every streamed reply, its keep-alive header
  // notwithstanding, so no stream is sent on a connection that may be closing (WA-023); the
  // next stream's connection is opened while this one runs (WA-024).
  const spares = createSpareConnections(new URL(url('/')));
  const complete = (request: CompletionRequest): AsyncGenerator<CompletionEvent> =>
    streamCompletion({ engine, url, timeouts, open, hangsUpAfterStreams: spares }, request);

  async function countTokens(text: string, signal?: AbortSignal): Promise<number> {
    // Same tokenisation /completion applies to a prompt (BOS added, special tokens parsed).
    const result = await post('/tokenize', { content: text, add_special: true, parse_special: true }, signal);
    const tokens = asObject(ensureOk(result, engine, url('/tokenize')).json)?.['tokens'];
    if (!Array.isArray(tokens)) {
      throw new AdapterError(
        'INTERNAL',
        `llama-server at ${endpoint} answered /tokenize without a tokens array`,
        {
          engine,
          retriable: false,
        },
      );
    }
    return tokens.length;
  }

  async function countChatTokens(chat: ChatInput, signal?: AbortSignal): Promise<number> {
    // The prompt /v1/chat/completions would build (template and tools applied), tokenised the same way.
    const body = { messages: chat.messages, ...(chat.tools?.length ? { tools: chat.tools } : {}) };
    const rendered = asObject(
      ensureOk(await post('/apply-template', body, signal), engine, url('/apply-template')).json,
    );
    const prompt = rendered?.['prompt'];
    if (typeof prompt !== 'string') {
      throw new AdapterError(
        'INTERNAL',
        `llama-server at ${endpoint} answered /apply-template without a prompt`,
        {
          engine,
          retriable: false,
        },
      );
    }
    return countTokens(prompt, signal);
  }

  async function metrics(signal?: AbortSignal): Promise<EngineMetricsSnapshot> {
    const result = await get('/metrics', signal);
    // 501 = started without --metrics: report "unknown" rather than failing callers.
    if (result.status === 501) {
      return {
        kv_cache_usage_ratio: null,
        requests_running: null,
        requests_waiting: null,
        tokens_generated_total: null,
      };
    }
    const samples = parsePrometheusText(ensureOk(result, engine, url('/metrics')).text);
    return {
      kv_cache_usage_ratio: sumSeries(samples, 'llamacpp:kv_cache_usage_ratio'),
      requests_running: sumSeries(samples, 'llamacpp:requests_processing'),
      requests_waiting: sumSeries(samples, 'llamacpp:requests_deferred'),
      tokens_generated_total: sumSeries(samples, 'llamacpp:tokens_predicted_total'),
    };
  }

  return { engine, endpoint, health, properties, complete, countTokens, countChatTokens, metrics, slots };
}
