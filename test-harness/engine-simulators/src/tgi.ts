// WA-013, WA-017: Hugging Face TGI router protocol, as engines.md §3 describes it.
// Why: the tgi-http adapter is proven against this front-end: /health, /info,
// /generate, /generate_stream (`data:` with no space, EOS as a special token, no [DONE]),
// TGI's 422 sampling validation, /v1/chat/completions (tgi-chat.ts), /tokenize and tgi_ metrics.
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
import { createTgiChatHandler } from './tgi-chat.js';
import { PROMETHEUS_CONTENT_TYPE, histogramSamples, renderPrometheus } from './prometheus-text.js';
import { EOS_TEXT, fnv1a, tokenizePieces } from './vocabulary.js';

class Validation extends Error {}

function parseParameters(body: Record<string, unknown>) {
  const raw = body['parameters'];
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
    throw new BadRequest('"parameters" must be an object');
  }
  // TGI samples by default only when the whole parameters object is missing.
  const params = (raw ?? { do_sample: true }) as Record<string, unknown>;
  const temperature = numberField(params, 'temperature');
  const topK = numberField(params, 'top_k');
  const topP = numberField(params, 'top_p');
  const typicalP = numberField(params, 'typical_p');
  const repetitionPenalty = numberField(params, 'repetition_penalty');
  const maxNewTokens = numberField(params, 'max_new_tokens') ?? 100;
  const seed = numberField(params, 'seed');
  if (temperature !== undefined && temperature <= 0)
    throw new Validation('`temperature` must be strictly positive');
  if (topP !== undefined && (topP <= 0 || topP >= 1)) throw new Validation('`top_p` must be > 0.0 and < 1.0');
  if (typicalP !== undefined && (typicalP <= 0 || typicalP >= 1)) {
    throw new Validation('`typical_p` must be > 0.0 and < 1.0');
  }
  if (topK !== undefined && topK <= 0) throw new Validation('`top_k` must be strictly positive');
  if (repetitionPenalty !== undefined && repetitionPenalty <= 0) {
    throw new Validation('`repetition_penalty` must be strictly positive');
  }
  if (!Number.isInteger(maxNewTokens) || maxNewTokens <= 0) {
    throw new Validation('`max_new_tokens` must be strictly positive');
  }
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0))
    throw new Validation('`seed` must be a u64');
  const doSample =
    params['do_sample'] === true ||
    temperature !== undefined ||
    topK !== undefined ||
    topP !== undefined ||
    typicalP !== undefined;
  return {
    maxNewTokens,
    doSample,
    seed: seed ?? randomSeed(),
    details: params['details'] === true,
    sampler: {
      temperature,
      top_k: topK,
      top_p: topP,
      typical_p: typicalP,
      repetition_penalty: repetitionPenalty,
    },
  };
}

export function createTgiFrontEnd(engine: SimEngine): FrontEnd {
  const { options } = engine;
  const maxConcurrent = Math.max(1, options.slots);
  const failures = new Map<string, number>();
  /** Generated tokens of each finished request: TGI only observes them when a request ends. */
  const generatedPerRequest: number[] = [];
  const sendError = (res: ServerResponse, status: number, message: string) => {
    const errorType = status === 422 ? 'validation' : status === 429 ? 'overloaded' : 'incomplete_generation';
    sendJson(res, status, { error: message, error_type: errorType });
  };
  const fail = (res: ServerResponse, status: number, message: string, errorType: string) => {
    failures.set(errorType, (failures.get(errorType) ?? 0) + 1);
    sendJson(res, status, { error: message, error_type: errorType });
  };

  const chat = createTgiChatHandler(engine, fail);

  async function generate(req: IncomingMessage, res: ServerResponse, stream: boolean) {
    const body = await readJson(req);
    const inputs = stringField(body, 'inputs');
    if (inputs === undefined || inputs === '')
      return fail(res, 422, '`inputs` cannot be empty', 'validation');
    let parsed: ReturnType<typeof parseParameters>;
    try {
      parsed = parseParameters(body);
    } catch (error) {
      if (error instanceof Validation) return fail(res, 422, error.message, 'validation');
      throw error;
    }
    const inputLength = tokenizePieces(inputs).length;
    if (inputLength + parsed.maxNewTokens > options.ctx) {
      return fail(
        res,
        422,
        `\`inputs\` tokens + \`max_new_tokens\` must be <= ${options.ctx}. Given: ${inputLength} \`inputs\` ` +
          `tokens and ${parsed.maxNewTokens} \`max_new_tokens\``,
        'validation',
      );
    }
    const load = engine.counters();
    if (load.running + load.waiting >= maxConcurrent)
      return fail(res, 429, 'Model is overloaded', 'overloaded');
    if (engine.fault('http-500') !== undefined) {
      return fail(
        res,
        500,
        'simulated engine failure before decoding; check the simulator --fault list',
        'incomplete_generation',
      );
    }
    const plan = greedySampler(parsed.sampler, parsed.seed, !parsed.doSample);
    const seedOut = parsed.doSample ? parsed.seed : null;
    const tokens: Array<{ id: number; text: string; logprob: number; special: boolean }> = [];
    let text = '';
    const write = (event: unknown) => res.write(`data:${JSON.stringify(event)}\n\n`);
    await serveGeneration(req, res, {
      stream,
      steps: (signal) => engine.generate({ prompt: inputs, maxTokens: parsed.maxNewTokens, ...plan }, signal),
      onStep: (step) => {
        if (step.type === 'token' || step.type === 'eos') {
          const token =
            step.type === 'token'
              ? { id: step.id, text: step.text, logprob: -0.1, special: false }
              : { id: step.id, text: EOS_TEXT, logprob: -0.01, special: true };
          if (step.type === 'token') text += step.text;
          tokens.push(token);
          const last = step.type === 'eos' || step.last;
          const details = last
            ? {
                finish_reason: step.type === 'eos' ? 'eos_token' : 'length',
                generated_tokens: tokens.length,
                seed: seedOut,
                input_length: inputLength,
              }
            : null;
          if (stream) {
            write({
              index: step.index + 1,
              token,
              generated_text: last ? text : null,
              details: last && parsed.details ? details : null,
            });
          }
        } else if (step.type === 'error') {
          failures.set('generation', (failures.get('generation') ?? 0) + 1);
          if (stream) write({ error: step.message, error_type: 'generation' });
          else sendJson(res, 424, { error: step.message, error_type: 'generation' });
          if (stream) res.end();
          return 'done';
        } else if (step.type === 'end') {
          generatedPerRequest.push(step.tokensOut);
          if (stream) return;
          const finish = step.stopType === 'eos' ? 'eos_token' : 'length';
          const details = {
            finish_reason: finish,
            generated_tokens: tokens.length,
            seed: seedOut,
            prefill: [],
            tokens,
          };
          sendJson(res, 200, parsed.details ? { generated_text: text, details } : { generated_text: text });
        }
      },
    });
  }

  const routes: FrontEnd['routes'] = [
    { method: 'GET', path: '/health', handler: (_req, res) => sendEmpty(res, 200) },
    { method: 'GET', path: '/ping', handler: (_req, res) => sendEmpty(res, 200) },
    {
      method: 'GET',
      path: '/info',
      handler: (_req, res) =>
        sendJson(res, 200, {
          model_id: options.modelName,
          model_sha: fnv1a(options.modelName).toString(16).padStart(8, '0'),
          model_pipeline_tag: 'text-generation',
          max_concurrent_requests: maxConcurrent,
          max_best_of: 2,
          max_stop_sequences: 4,
          max_input_tokens: options.ctx - 1,
          max_total_tokens: options.ctx,
          validation_workers: 2,
          max_client_batch_size: 4,
          router: 'text-generation-router',
          version: options.engineVersion,
          sha: '5e1a0c0d6b5f3a2e9c8d7b6a5f4e3d2c1b0a9f8e',
          docker_label: null,
        }),
    },
    {
      method: 'GET',
      path: '/v1/models',
      handler: (_req, res) =>
        sendJson(res, 200, {
          object: 'list',
          data: [{ id: options.modelName, object: 'model', created: 0, owned_by: options.modelName }],
        }),
    },
    { method: 'POST', path: '/generate', handler: (req, res) => generate(req, res, false) },
    { method: 'POST', path: '/generate_stream', handler: (req, res) => generate(req, res, true) },
    {
      method: 'POST',
      path: '/v1/chat/completions',
      handler: async (req, res) => chat(req, res, await readJson(req)),
    },
    {
      method: 'POST',
      path: '/tokenize',
      handler: async (req, res) => {
        const body = await readJson(req);
        const inputs = stringField(body, 'inputs') ?? '';
        sendJson(
          res,
          200,
          tokenizePieces(inputs).map((p) => ({ id: p.id, text: p.piece, start: p.start, stop: p.stop })),
        );
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handler: (_req, res) => {
        const c = engine.counters();
        const finished = c.finished.eos + c.finished.limit;
        const body = renderPrometheus(
          [
            { name: 'tgi_queue_size', type: 'gauge', samples: [{ value: c.waiting }] },
            { name: 'tgi_batch_current_size', type: 'gauge', samples: [{ value: c.running }] },
            {
              name: 'tgi_batch_current_max_tokens',
              type: 'gauge',
              samples: [{ value: c.running * options.ctx }],
            },
            { name: 'tgi_request_count', type: 'counter', samples: [{ value: c.requestsTotal }] },
            { name: 'tgi_request_success', type: 'counter', samples: [{ value: finished }] },
            {
              name: 'tgi_request_failure',
              type: 'counter',
              samples: [...failures].map(([err, value]) => ({ labels: { err }, value })),
            },
            {
              name: 'tgi_batch_inference_count',
              type: 'counter',
              samples: [{ value: c.generationTokensTotal }],
            },
            {
              name: 'tgi_batch_inference_success',
              type: 'counter',
              samples: [{ value: c.generationTokensTotal }],
            },
            {
              name: 'tgi_request_generated_tokens',
              type: 'histogram',
              samples: histogramSamples(generatedPerRequest, [1, 8, 32, 128, 512, 2048]),
            },
          ],
          { floats: false },
        );
        sendText(res, 200, body, PROMETHEUS_CONTENT_TYPE);
      },
    },
  ];
  return { routes, sendError };
}
