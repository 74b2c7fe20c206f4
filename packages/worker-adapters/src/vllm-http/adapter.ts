// WA-016, WA-002..WA-009, WA-012, WA-020: the vLLM adapter, speaking the OpenAI-compatible
// server (/health, /version, /v1/models, /v1/completions, /v1/chat/completions, /tokenize,
// /metrics).
// vLLM refuses connections for the whole model load (uvicorn starts serving only
// once the engine is built), so "refused" reads as down, never as loading.
// Token events are the non-empty text deltas; the EOS step arrives as an empty
// delta with finish_reason "stop" and is not a token event.
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
import { streamCompletion } from '../shared/completion-stream.js';
import { createEngineEndpoint, healthByStatus } from '../shared/engine-endpoint.js';
import { ensureOk } from '../shared/http.js';
import type { AdapterTimeouts } from '../shared/http.js';
import { parsePrometheusText, sumSeries } from '../shared/prometheus-text.js';
import type { PrometheusSample } from '../shared/prometheus-text.js';
import { asNumber, asObject, asString } from '../shared/json-readers.js';
import type { Json } from '../shared/json-readers.js';
import { findModel, servedModels, vllmWire } from './wire.js';

export interface VllmAdapterOptions {
  /** Base URL of one vLLM server, e.g. http://127.0.0.1:8000 */
  endpoint: string;
  /** The served model name (`--served-model-name`, default the model path) every request must carry. */
  model: string;
  /** Sequences decoded at once (`--max-num-seqs`); vLLM does not publish it, so the operator states it. */
  slots?: number;
  /** sha256 of the weights when whoever started the engine knows it. */
  modelDigest?: string | null;
  timeouts?: Partial<AdapterTimeouts>;
}

/** Mean over label sets: data-parallel engines publish one KV fraction each. */
function meanSeries(samples: readonly PrometheusSample[], name: string): number | null {
  const values = samples.filter((s) => s.name === name).map((s) => s.value);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

export function createVllmAdapter(options: VllmAdapterOptions): EngineAdapter {
  const engine = 'vllm' as const;
  const { endpoint, timeouts, url, get, post } = createEngineEndpoint(engine, options);

  function health(signal?: AbortSignal): Promise<EngineHealth> {
    return healthByStatus(
      () => get('/health', signal),
      (result) => {
        // WA-002 decides on the status: 503 reads as loading. vLLM itself only answers 503
        // for a dead engine core (EngineDeadError), which will not clear by waiting, so the
        // caller's startup/health deadline is what turns it into a restart.
        if (result.status === 503) {
          return {
            type: 'loading',
            detail: 'vLLM /health answered 503: its engine core reports unhealthy (EngineDeadError)',
          };
        }
        return {
          type: 'down',
          detail: `vLLM /health answered HTTP ${result.status}; check the vLLM server log`,
        };
      },
    );
  }

  async function properties(signal?: AbortSignal): Promise<EngineProperties> {
    const version = asString(
      asObject(ensureOk(await get('/version', signal), engine, url('/version')).json)?.['version'],
    );
    const models = ensureOk(await get('/v1/models', signal), engine, url('/v1/models')).json;
    const card = findModel(models, options.model);
    if (card === undefined) {
      throw new AdapterError(
        'INTERNAL',
        `vLLM at ${endpoint} does not serve model "${options.model}" (it serves: ${servedModels(models).join(', ') || 'nothing'}); ` +
          "set the adapter model to the engine's --served-model-name",
        { engine, retriable: false },
      );
    }
    if (card.ctx === undefined) {
      throw new AdapterError(
        'INTERNAL',
        `vLLM at ${endpoint} lists "${options.model}" without max_model_len; upgrade vLLM`,
        {
          engine,
          retriable: false,
        },
      );
    }
    return {
      engine,
      engine_version: version ?? 'vllm (version unknown)',
      model_digest: options.modelDigest ?? null,
      model_id: options.model,
      ctx_max: card.ctx,
      slots_total: options.slots ?? 1,
    };
  }

  const open = vllmWire(endpoint, options.model);
  const complete = (request: CompletionRequest): AsyncGenerator<CompletionEvent> =>
    streamCompletion({ engine, url, timeouts, open }, request);

  /** vLLM's /tokenize takes a prompt, or (its chat form) messages it renders with the chat template. */
  async function tokenize(body: Json, signal?: AbortSignal): Promise<number> {
    const result = await post('/tokenize', { model: options.model, ...body }, signal);
    const answer = asObject(ensureOk(result, engine, url('/tokenize')).json);
    const tokens = answer?.['tokens'];
    const count = asNumber(answer?.['count']) ?? (Array.isArray(tokens) ? tokens.length : undefined);
    if (count === undefined) {
      throw new AdapterError('INTERNAL', `vLLM at ${endpoint} answered /tokenize without count or tokens`, {
        engine,
        retriable: false,
      });
    }
    return count;
  }

  // add_special_tokens mirrors what /v1/completions does to a prompt (BOS included).
  const countTokens = (text: string, signal?: AbortSignal): Promise<number> =>
    tokenize({ prompt: text, add_special_tokens: true }, signal);

  // The generation prompt is added as /v1/chat/completions adds it; the template supplies BOS.
  const countChatTokens = (chat: ChatInput, signal?: AbortSignal): Promise<number> =>
    tokenize(
      {
        messages: chat.messages,
        ...(chat.tools !== undefined && chat.tools.length > 0 ? { tools: chat.tools } : {}),
        add_generation_prompt: true,
      },
      signal,
    );

  async function metrics(signal?: AbortSignal): Promise<EngineMetricsSnapshot> {
    const samples = parsePrometheusText(
      ensureOk(await get('/metrics', signal), engine, url('/metrics')).text,
    );
    return {
      // kv_cache_usage_perc replaced gpu_cache_usage_perc (removed late 2025); read whichever exists.
      kv_cache_usage_ratio:
        meanSeries(samples, 'vllm:kv_cache_usage_perc') ?? meanSeries(samples, 'vllm:gpu_cache_usage_perc'),
      requests_running: sumSeries(samples, 'vllm:num_requests_running'),
      requests_waiting: sumSeries(samples, 'vllm:num_requests_waiting'),
      tokens_generated_total: sumSeries(samples, 'vllm:generation_tokens_total'),
    };
  }

  return { engine, endpoint, health, properties, complete, countTokens, countChatTokens, metrics };
}
