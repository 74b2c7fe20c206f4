// WA-015: the llama.cpp adapter, speaking llama-server's native API
// (/health, /props, /slots, /completion, /tokenize, /metrics). Token events
// carry the non-empty text pieces the engine streams: EOS arrives as an
// empty piece and is not a token event, and a piece can span several engine
// tokens when llama-server holds back half a UTF-8 character or a possible
// stop word. tokens_out counts token events, so it always matches the stream.
import { AdapterError } from '../errors.js';
import type {
  CompletionEvent,
  CompletionRequest,
  EngineAdapter,
  EngineHealth,
  EngineMetricsSnapshot,
  EngineProperties,
} from '../port.js';
import { engineErrorMessage, statusError } from '../shared/error-mapping.js';
import { createEngineEndpoint, healthByStatus } from '../shared/engine-endpoint.js';
import { ensureOk, streamSse } from '../shared/http.js';
import type { AdapterTimeouts } from '../shared/http.js';
import { parsePrometheusText, sumSeries } from '../shared/prometheus-text.js';
import { createTokenCounter } from '../shared/token-counter.js';
import { validateRequest } from '../shared/validate-request.js';
import { asObject } from '../shared/json-readers.js';
import { completionBody, readFinal, readInBandError, readProps, readSlots } from './wire.js';
import type { LlamaCppSlot } from './wire.js';

export type { LlamaCppSlot } from './wire.js';

export interface LlamaCppAdapterOptions {
  /** Base URL of one llama-server replica, e.g. http://127.0.0.1:8081 */
  endpoint: string;
  /** sha256 of the GGUF file, known to whoever started the engine. */
  modelDigest?: string | null;
  timeouts?: Partial<AdapterTimeouts>;
  /** Reported when /props lacks build_info (older builds); e.g. parsed from `llama-server --version`. */
  engineVersion?: string;
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
    };
  }

  async function* complete(request: CompletionRequest): AsyncGenerator<CompletionEvent> {
    const { signal } = request;
    if (signal?.aborted) throw signal.reason;
    validateRequest(request, engine);
    const counter = createTokenCounter();
    const startedAt = performance.now();
    const target = url('/completion');
    const events = streamSse({ engine, url: target, body: completionBody(request), signal, timeouts });
    for await (const event of events) {
      // Nothing may surface after a cancel, not even events already buffered (WA-009).
      if (signal?.aborted) throw signal.reason;
      if (event.data === '[DONE]') continue;
      let chunk: Record<string, unknown> | undefined;
      try {
        chunk = asObject(JSON.parse(event.data));
      } catch {
        chunk = undefined;
      }
      const failure = readInBandError(chunk, event.event, event.data);
      if (failure !== undefined) throw statusError(failure.status, failure.message, engine, target);
      if (chunk === undefined) {
        throw new AdapterError(
          'INTERNAL',
          `llama-server at ${endpoint} streamed an event that is not a JSON object (${event.data.slice(0, 80)}); ` +
            'check that the endpoint is a llama-server, not a proxy or another engine',
          { engine, retriable: false },
        );
      }
      const content = chunk['content'];
      if (typeof content === 'string' && content !== '') yield counter.token(content);
      if (chunk['stop'] === true) {
        const final = readFinal(chunk);
        yield counter.end({
          tokens_in: final.tokensIn,
          decode_ms: final.decodeMs ?? performance.now() - startedAt,
          stop_reason: final.stop ?? (counter.count >= request.max_tokens ? 'limit' : 'eos'),
        });
        return;
      }
    }
    throw new AdapterError(
      'WORKER_RESET',
      `llama-server at ${endpoint} closed the stream without a final chunk after ${counter.count} tokens; ` +
        'the engine restarted or a proxy cut the connection, retry on a healthy replica',
      { engine },
    );
  }

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

  return { engine, endpoint, health, properties, complete, countTokens, metrics, slots };
}
