// WA-013, WA-018: Triton (KServe v2 + generate extension) with a TensorRT-LLM ensemble, per engines.md §4.
// Why: the triton adapter is proven against this front-end: /v2/health/{live,ready}
// (empty 200), /v2 metadata, model metadata/config/ready, generate and generate_stream
// (`data: ` events with text_output deltas, no [DONE]), `{"error": ...}` bodies, nv_ metrics.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimEngine } from './engine-core.js';
import type { FrontEnd } from './front-end.js';
import { greedySampler } from './front-end.js';
import {
  BadRequest,
  numberField,
  randomSeed,
  readJson,
  sendEmpty,
  sendJson,
  sendText,
  stringField,
} from './http-kit.js';
import { serveGeneration } from './generation-stream.js';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from './prometheus-text.js';

const BASE_INPUTS: ReadonlyArray<[string, string]> = [
  ['text_input', 'BYTES'],
  ['max_tokens', 'INT32'],
  ['bad_words', 'BYTES'],
  ['stop_words', 'BYTES'],
  ['end_id', 'INT32'],
  ['pad_id', 'INT32'],
  ['top_k', 'INT32'],
  ['top_p', 'FP32'],
  ['temperature', 'FP32'],
  ['repetition_penalty', 'FP32'],
  ['presence_penalty', 'FP32'],
  ['frequency_penalty', 'FP32'],
  ['min_tokens', 'INT32'],
  ['beam_width', 'INT32'],
  ['num_return_sequences', 'INT32'],
  ['exclude_input_in_output', 'BOOL'],
  ['stream', 'BOOL'],
  ['return_log_probs', 'BOOL'],
];
const OUTPUTS: ReadonlyArray<[string, string]> = [
  ['text_output', 'BYTES'],
  ['cum_log_probs', 'FP32'],
  ['output_log_probs', 'FP32'],
  ['context_logits', 'FP32'],
  ['generation_logits', 'FP32'],
  ['batch_index', 'INT32'],
  ['sequence_index', 'INT32'],
];
/** The TRT-LLM model inside the ensemble, which labels the nv_trt_llm_* series. */
const TRT_MODEL = 'tensorrt_llm';

export function createTritonFrontEnd(engine: SimEngine): FrontEnd {
  const { options } = engine;
  const model = options.modelName;
  const inputs = [...BASE_INPUTS, [options.tritonSeedInput, 'UINT64'] as [string, string]];
  const inputNames = new Set(inputs.map(([name]) => name));
  const stats = { success: 0, failure: 0, count: 0 };
  const sendError = (res: ServerResponse, status: number, message: string) =>
    sendJson(res, status, { error: message });
  const modelPath = new RegExp(
    `^/v2/models/([^/]+)(?:/versions/([^/]+))?(/ready|/config|/generate|/generate_stream)?$`,
  );

  function knownModel(res: ServerResponse, name: string): boolean {
    if (name === model) return true;
    sendError(res, 400, `Request for unknown model: '${name}' is not found`);
    return false;
  }

  async function generate(req: IncomingMessage, res: ServerResponse, stream: boolean) {
    const body = await readJson(req);
    const nested = body['parameters'];
    const params: Record<string, unknown> = {
      ...(typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>) : {}),
    };
    for (const [key, value] of Object.entries(body)) {
      if (key === 'id' || key === 'parameters') continue;
      if (!inputNames.has(key)) {
        stats.failure += 1;
        return sendError(res, 400, `unexpected inference input '${key}' for model '${model}'`);
      }
      params[key] = value;
    }
    const prompt = stringField(params, 'text_input');
    const maxTokens = numberField(params, 'max_tokens');
    if (prompt === undefined || maxTokens === undefined) {
      stats.failure += 1;
      return sendError(res, 400, `expected inputs 'text_input' and 'max_tokens' for model '${model}'`);
    }
    if (engine.fault('http-500') !== undefined) {
      stats.failure += 1;
      return sendError(
        res,
        500,
        'simulated engine failure before decoding; check the simulator --fault list',
      );
    }
    const topK = numberField(params, 'top_k');
    const topP = numberField(params, 'top_p');
    const temperature = numberField(params, 'temperature');
    const seed = numberField(params, options.tritonSeedInput) ?? randomSeed();
    const sampling = {
      top_k: topK,
      top_p: topP,
      temperature,
      repetition_penalty: numberField(params, 'repetition_penalty'),
    };
    const greedy = topK === 1 || temperature === 0 || ((topK ?? 0) === 0 && (topP ?? 0) === 0);
    const plan = greedySampler(sampling, seed, greedy);
    const incremental = stream && params['stream'] === true;
    const id = stringField(body, 'id');
    const head = { ...(id === undefined ? {} : { id }), model_name: model, model_version: '1' };
    const response = (textOutput: string) => ({
      batch_index: 0,
      context_logits: 0.0,
      cum_log_probs: 0.0,
      generation_logits: 0.0,
      ...head,
      output_log_probs: [0.0],
      sequence_end: false,
      sequence_id: 0,
      sequence_index: 0,
      sequence_start: false,
      text_output: textOutput,
    });
    const write = (event: unknown) => res.write(`data: ${JSON.stringify(event)}\n\n`);
    let text = '';
    stats.count += 1;
    await serveGeneration(req, res, {
      stream,
      contentType: 'text/event-stream; charset=utf-8',
      steps: (signal) => engine.generate({ prompt, maxTokens, ...plan }, signal),
      onStep: (step) => {
        if (step.type === 'token') {
          text += step.text;
          if (incremental) write(response(step.text));
        } else if (step.type === 'error') {
          stats.failure += 1;
          if (stream) write({ error: step.message });
          else sendError(res, 500, step.message);
          if (stream) res.end();
          return 'done';
        } else if (step.type === 'end') {
          stats.success += 1;
          if (stream && !incremental) write(response(text));
          if (!stream) sendJson(res, 200, response(text));
        }
      },
    });
  }

  async function modelRoute(req: IncomingMessage, res: ServerResponse, url: URL) {
    const match = modelPath.exec(url.pathname);
    const name = decodeURIComponent(match?.[1] ?? '');
    const tail = match?.[3];
    if (!knownModel(res, name)) return;
    if (req.method === 'GET' && tail === undefined) {
      return sendJson(res, 200, {
        name: model,
        versions: ['1'],
        platform: 'ensemble',
        inputs: inputs.map(([n, datatype]) => ({ name: n, datatype, shape: [-1] })),
        outputs: OUTPUTS.map(([n, datatype]) => ({ name: n, datatype, shape: [-1] })),
      });
    }
    if (req.method === 'GET' && tail === '/ready') return sendEmpty(res, 200);
    if (req.method === 'GET' && tail === '/config') {
      return sendJson(res, 200, {
        name: model,
        platform: 'ensemble',
        max_batch_size: options.slots,
        input: inputs.map(([n, dt]) => ({
          name: n,
          data_type: `TYPE_${dt === 'BYTES' ? 'STRING' : dt}`,
          dims: [-1],
        })),
        output: OUTPUTS.map(([n, dt]) => ({
          name: n,
          data_type: `TYPE_${dt === 'BYTES' ? 'STRING' : dt}`,
          dims: [-1],
        })),
        parameters: { max_seq_len: { string_value: String(options.ctx) } },
      });
    }
    if (req.method === 'POST' && tail === '/generate') return generate(req, res, false);
    if (req.method === 'POST' && tail === '/generate_stream') return generate(req, res, true);
    throw new BadRequest(`no ${req.method} handler for ${url.pathname}`);
  }

  function metrics(_req: IncomingMessage, res: ServerResponse) {
    const c = engine.counters();
    const base = { model, version: '1' };
    const trt = { model: TRT_MODEL, version: '1' };
    const kvMax = options.slots * Math.ceil(options.ctx / 64);
    const kvUsed = Math.round(engine.kvUsage() * kvMax);
    const body = renderPrometheus(
      [
        {
          name: 'nv_inference_request_success',
          type: 'counter',
          samples: [{ labels: base, value: stats.success }],
        },
        {
          name: 'nv_inference_request_failure',
          type: 'counter',
          samples: [{ labels: base, value: stats.failure }],
        },
        { name: 'nv_inference_count', type: 'counter', samples: [{ labels: base, value: stats.count }] },
        { name: 'nv_inference_exec_count', type: 'counter', samples: [{ labels: base, value: stats.count }] },
        {
          name: 'nv_inference_pending_request_count',
          type: 'gauge',
          samples: [{ labels: base, value: c.waiting }],
        },
        {
          name: 'nv_trt_llm_request_metrics',
          type: 'gauge',
          samples: (
            [
              ['active', c.running],
              ['waiting', c.waiting],
              ['scheduled', c.running],
              ['context', 0],
              ['max', options.slots],
            ] as const
          ).map(([requestType, value]) => ({ labels: { ...trt, request_type: requestType }, value })),
        },
        {
          name: 'nv_trt_llm_kv_cache_block_metrics',
          type: 'gauge',
          samples: (
            [
              ['fraction', engine.kvUsage()],
              ['used', kvUsed],
              ['free', kvMax - kvUsed],
              ['max', kvMax],
              ['tokens_per', 64],
            ] as const
          ).map(([blockType, value]) => ({ labels: { ...trt, kv_cache_block_type: blockType }, value })),
        },
      ],
      { floats: false },
    );
    sendText(res, 200, body, PROMETHEUS_CONTENT_TYPE);
  }

  const routes: FrontEnd['routes'] = [
    { method: 'GET', path: '/v2/health/live', handler: (_req, res) => sendEmpty(res, 200) },
    { method: 'GET', path: '/v2/health/ready', handler: (_req, res) => sendEmpty(res, 200) },
    {
      method: 'GET',
      path: '/v2',
      handler: (_req, res) =>
        sendJson(res, 200, {
          name: 'triton',
          version: options.engineVersion,
          extensions: [
            'classification',
            'sequence',
            'model_repository',
            'schedule_policy',
            'model_configuration',
            'statistics',
            'generate',
          ],
        }),
    },
    { method: 'GET', path: modelPath, handler: modelRoute },
    { method: 'POST', path: modelPath, handler: modelRoute },
    { method: 'GET', path: '/metrics', handler: metrics },
  ];
  return { routes, sendError };
}
