// WA-018, WA-002..WA-009, WA-012, WA-020: the Triton adapter for a TensorRT-LLM ensemble,
// speaking KServe v2 plus the generate extension (/v2/health/*, /v2,
// /v2/models/{m}[/ready|/config], /v2/models/{m}/generate_stream) and reading nv_ metrics.
// Triton loads models before it opens its ports, so "refused" reads as down. Each stream
// event's text_output is a decoded delta; empty deltas are not token events, and the
// stream simply ends after the last response (no [DONE], no finish reason), so the stop
// reason is inferred from the token count. Chat and infill are refused (wire.ts).
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
import { createEngineEndpoint, healthByStatus, trimBaseUrl } from '../shared/engine-endpoint.js';
import { ensureOk, httpCall } from '../shared/http.js';
import type { AdapterTimeouts } from '../shared/http.js';
import { parsePrometheusText } from '../shared/prometheus-text.js';
import type { PrometheusSample } from '../shared/prometheus-text.js';
import { asObject, asString } from '../shared/json-readers.js';
import { estimateTokens, readConfig, readInputNames, tritonWire } from './wire.js';

export interface TritonAdapterOptions {
  /** Base URL of Triton's HTTP port, e.g. http://127.0.0.1:8000 */
  endpoint: string;
  /** The model requests go to, e.g. 'ensemble' or 'tensorrt_llm_bls'. */
  model: string;
  /** Where /metrics lives; real Triton serves it on its own port (default 8002). Defaults to `endpoint`. */
  metricsEndpoint?: string;
  /** Context per sequence, used when the model config does not publish max_seq_len. */
  ctxMax?: number;
  /** sha256 of the engine files when known. */
  modelDigest?: string | null;
  timeouts?: Partial<AdapterTimeouts>;
}

function pick(
  samples: readonly PrometheusSample[],
  name: string,
  label: string,
  value: string,
): number | null {
  const hits = samples.filter((s) => s.name === name && s.labels[label] === value);
  return hits.length === 0 ? null : hits.reduce((sum, s) => sum + s.value, 0);
}

export function createTritonAdapter(options: TritonAdapterOptions): EngineAdapter {
  const engine = 'triton' as const;
  const { endpoint, timeouts, url, get } = createEngineEndpoint(engine, options);
  const metricsUrl = `${trimBaseUrl(options.metricsEndpoint ?? endpoint)}/metrics`;
  const modelPath = `/v2/models/${encodeURIComponent(options.model)}`;
  /** Input names are fixed per loaded model version; probe once per adapter. */
  let inputsProbe: Promise<Set<string>> | undefined;

  function modelInputs(signal?: AbortSignal): Promise<Set<string>> {
    inputsProbe ??= get(modelPath, signal).then((result) =>
      readInputNames(ensureOk(result, engine, url(modelPath)).json),
    );
    // A failed probe (engine down, aborted) must not stick.
    inputsProbe.catch(() => {
      inputsProbe = undefined;
    });
    return inputsProbe;
  }

  function health(signal?: AbortSignal): Promise<EngineHealth> {
    return healthByStatus(
      () => get(`${modelPath}/ready`, signal),
      async () => {
        // Server up, model not (yet) ready: 400 per the KServe v2 mapping.
        const live = await get('/v2/health/live', signal);
        if (live.status === 200)
          return { type: 'loading', detail: `Triton is live but model "${options.model}" is not ready` };
        return { type: 'down', detail: `Triton /v2/health/live answered HTTP ${live.status}` };
      },
    );
  }

  async function properties(signal?: AbortSignal): Promise<EngineProperties> {
    const server = asObject(ensureOk(await get('/v2', signal), engine, url('/v2')).json);
    const config = readConfig(
      ensureOk(await get(`${modelPath}/config`, signal), engine, url(`${modelPath}/config`)).json,
    );
    const ctx = config.ctx ?? options.ctxMax;
    if (ctx === undefined) {
      throw new AdapterError(
        'INTERNAL',
        `Triton model "${options.model}" publishes no max_seq_len parameter; set the adapter's ctxMax to the ` +
          "engine's max sequence length",
        { engine, retriable: false },
      );
    }
    return {
      engine,
      engine_version: asString(server?.['version']) ?? 'triton (version unknown)',
      model_digest: options.modelDigest ?? null,
      model_id: options.model,
      ctx_max: ctx,
      slots_total: config.slots ?? 1,
    };
  }

  const open = tritonWire({ endpoint, model: options.model, inputs: modelInputs });
  const complete = (request: CompletionRequest): AsyncGenerator<CompletionEvent> =>
    streamCompletion({ engine, url, timeouts, open }, request);

  async function countTokens(text: string, signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) throw signal.reason;
    return estimateTokens(text);
  }

  async function metrics(signal?: AbortSignal): Promise<EngineMetricsSnapshot> {
    const result = await httpCall(metricsUrl, { engine, signal, timeoutMs: timeouts.requestMs });
    const samples = parsePrometheusText(ensureOk(result, engine, metricsUrl).text);
    const pending = pick(samples, 'nv_inference_pending_request_count', 'model', options.model);
    return {
      kv_cache_usage_ratio: pick(
        samples,
        'nv_trt_llm_kv_cache_block_metrics',
        'kv_cache_block_type',
        'fraction',
      ),
      requests_running: pick(samples, 'nv_trt_llm_request_metrics', 'request_type', 'active'),
      requests_waiting: pick(samples, 'nv_trt_llm_request_metrics', 'request_type', 'waiting') ?? pending,
      // Neither Triton nor the TRT-LLM backend counts generated tokens.
      tokens_generated_total: null,
    };
  }

  return { engine, endpoint, health, properties, complete, countTokens, metrics };
}
