// WA-017, WA-002..WA-009, WA-012, WA-020: the TGI adapter, speaking text-generation-router's
// API (/health, /info, /generate_stream, /v1/chat/completions, /tokenize, /metrics). The
// router refuses connections until every shard is up, so "refused" reads as down; a 503
// from /health is a failed shard health check, which may clear, so it reads as loading.
// Token events are the non-special token texts; EOS arrives as a special token on
// the final event and is not a token event.
import { AdapterError } from '../errors.js';
import type {
  CompletionEvent,
  CompletionRequest,
  EngineAdapter,
  EngineHealth,
  EngineMetricsSnapshot,
  EngineProperties,
} from '../port.js';
import { streamCompletion } from '../shared/completion-stream.js';
import { engineErrorMessage } from '../shared/error-mapping.js';
import { createEngineEndpoint, healthByStatus } from '../shared/engine-endpoint.js';
import { ensureOk } from '../shared/http.js';
import type { AdapterTimeouts } from '../shared/http.js';
import { parsePrometheusText, sumSeries } from '../shared/prometheus-text.js';
import { readInfo, tgiWire } from './wire.js';

export interface TgiAdapterOptions {
  /** Base URL of one TGI router, e.g. http://127.0.0.1:3000 */
  endpoint: string;
  /** sha256 of the weights when known; otherwise /info model_sha (the hub revision) is reported. */
  modelDigest?: string | null;
  timeouts?: Partial<AdapterTimeouts>;
}

export function createTgiAdapter(options: TgiAdapterOptions): EngineAdapter {
  const engine = 'tgi' as const;
  const { endpoint, timeouts, url, get, post } = createEngineEndpoint(engine, options);

  function health(signal?: AbortSignal): Promise<EngineHealth> {
    return healthByStatus(
      () => get('/health', signal),
      (result) => {
        const said = engineErrorMessage(result.json ?? result.text) ?? `HTTP ${result.status}`;
        if (result.status === 503) {
          return { type: 'loading', detail: `TGI shard health check failing: ${said}` };
        }
        return { type: 'down', detail: `TGI /health answered HTTP ${result.status}: ${said}` };
      },
    );
  }

  async function properties(signal?: AbortSignal): Promise<EngineProperties> {
    const info = readInfo(ensureOk(await get('/info', signal), engine, url('/info')).json);
    if (info.ctx === undefined) {
      throw new AdapterError(
        'INTERNAL',
        `TGI at ${endpoint} reported /info without max_total_tokens; upgrade TGI`,
        {
          engine,
          retriable: false,
        },
      );
    }
    return {
      engine,
      engine_version: info.version ?? 'tgi (version unknown)',
      model_digest: options.modelDigest ?? info.modelSha ?? null,
      model_id: info.modelId ?? 'unknown',
      ctx_max: info.ctx,
      slots_total: info.slots ?? 1,
    };
  }

  const open = tgiWire(endpoint);
  const complete = (request: CompletionRequest): AsyncGenerator<CompletionEvent> =>
    streamCompletion({ engine, url, timeouts, open }, request);

  async function countTokens(text: string, signal?: AbortSignal): Promise<number> {
    const result = await post('/tokenize', { inputs: text }, signal);
    const tokens = ensureOk(result, engine, url('/tokenize')).json;
    if (!Array.isArray(tokens)) {
      throw new AdapterError('INTERNAL', `TGI at ${endpoint} answered /tokenize without a token array`, {
        engine,
        retriable: false,
      });
    }
    return tokens.length;
  }

  async function metrics(signal?: AbortSignal): Promise<EngineMetricsSnapshot> {
    const samples = parsePrometheusText(
      ensureOk(await get('/metrics', signal), engine, url('/metrics')).text,
    );
    return {
      // TGI publishes no KV-cache usage series.
      kv_cache_usage_ratio: null,
      requests_running: sumSeries(samples, 'tgi_batch_current_size'),
      requests_waiting: sumSeries(samples, 'tgi_queue_size'),
      // Observed per finished request, so it grows when a request ends, not per token.
      tokens_generated_total: sumSeries(samples, 'tgi_request_generated_tokens_sum'),
    };
  }

  return { engine, endpoint, health, properties, complete, countTokens, metrics };
}
