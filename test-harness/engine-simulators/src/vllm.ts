// WA-013, WA-016: vLLM OpenAI-compatible server protocol, as engines.md §2 describes it.
// Why: the vllm-http adapter is proven against this front-end: /health (empty 200),
// /version, /v1/models, /v1/completions (SSE ending in `data: [DONE]`, usage chunk,
// in-stream error objects), /v1/chat/completions (vllm-chat.ts), /tokenize (prompt and
// chat forms), /detokenize and vllm: metrics.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimEngine } from './engine-core.js';
import type { FrontEnd } from './front-end.js';
import { BadRequest, readJson, sendEmpty, sendJson, sendText, stringField } from './http-kit.js';
import { serveGeneration } from './generation-stream.js';
import { chatTokenIds, createVllmChatHandler } from './vllm-chat.js';
import { includeUsageOf, readVllmSampling, vllmErrorBody } from './vllm-request.js';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from './prometheus-text.js';
import { BOS_ID, detokenize, tokenizePieces } from './vocabulary.js';

export function createVllmFrontEnd(engine: SimEngine): FrontEnd {
  const { options } = engine;
  const created = Math.floor(Date.now() / 1000);
  const sendError = (res: ServerResponse, status: number, message: string) =>
    sendJson(res, status, vllmErrorBody(status, message));

  const chat = createVllmChatHandler(engine, sendError);

  function checkModel(res: ServerResponse, body: Record<string, unknown>): boolean {
    const model = stringField(body, 'model');
    if (model === undefined || model === options.modelName) return true;
    sendJson(res, 404, vllmErrorBody(404, `The model \`${model}\` does not exist.`, 'model'));
    return false;
  }

  async function completions(req: IncomingMessage, res: ServerResponse) {
    const body = await readJson(req);
    if (!checkModel(res, body)) return;
    const prompt = stringField(body, 'prompt');
    if (prompt === undefined) throw new BadRequest('"prompt" must be a string in this simulator');
    const promptTokens = tokenizePieces(prompt).length + 1;
    const sampling = readVllmSampling(body, { promptTokens, ctx: options.ctx, defaultMaxTokens: 16 });
    const { maxTokens } = sampling;
    if (engine.fault('http-500') !== undefined) {
      sendError(res, 500, 'simulated engine failure before decoding; check the simulator --fault list');
      return;
    }
    const { plan } = sampling;
    const stream = body['stream'] === true;
    const includeUsage = includeUsageOf(body);
    const id = `cmpl-${randomUUID().replace(/-/g, '')}`;
    const head = { id, object: 'text_completion', created, model: options.modelName };
    const choice = (text: string, finish: 'stop' | 'length' | null) => ({
      index: 0,
      text,
      logprobs: null,
      finish_reason: finish,
      stop_reason: null,
      prompt_token_ids: null,
      token_ids: null,
    });
    const write = (chunk: unknown) =>
      res.write(`data: ${typeof chunk === 'string' ? chunk : JSON.stringify(chunk)}\n\n`);
    let text = '';
    await serveGeneration(req, res, {
      stream,
      steps: (signal) => engine.generate({ prompt, maxTokens, ...plan }, signal),
      onStep: (step) => {
        if (step.type === 'token') {
          text += step.text;
          if (stream)
            write({ ...head, choices: [choice(step.text, step.last ? 'length' : null)], usage: null });
        } else if (step.type === 'eos') {
          if (stream) write({ ...head, choices: [choice('', 'stop')], usage: null });
        } else if (step.type === 'error') {
          if (!stream) {
            sendError(res, 500, step.message);
            return 'done';
          }
          write(vllmErrorBody(500, step.message));
          write('[DONE]');
        } else {
          const usage = {
            prompt_tokens: promptTokens,
            total_tokens: promptTokens + step.tokensOut,
            completion_tokens: step.tokensOut,
          };
          if (!stream) {
            const finish = step.stopType === 'eos' ? 'stop' : 'length';
            sendJson(res, 200, {
              ...head,
              choices: [{ ...choice(text, finish), prompt_logprobs: null }],
              usage,
            });
            return 'done';
          }
          if (includeUsage) write({ ...head, choices: [], usage });
          write('[DONE]');
        }
      },
    });
  }

  const routes: FrontEnd['routes'] = [
    { method: 'GET', path: '/health', handler: (_req, res) => sendEmpty(res, 200) },
    {
      method: 'GET',
      path: '/version',
      handler: (_req, res) => sendJson(res, 200, { version: options.engineVersion }),
    },
    {
      method: 'GET',
      path: '/v1/models',
      handler: (_req, res) =>
        sendJson(res, 200, {
          object: 'list',
          data: [
            {
              id: options.modelName,
              object: 'model',
              created,
              owned_by: 'vllm',
              root: `/models/${options.model}`,
              parent: null,
              max_model_len: options.ctx,
              permission: [],
            },
          ],
        }),
    },
    { method: 'POST', path: '/v1/completions', handler: completions },
    {
      method: 'POST',
      path: '/v1/chat/completions',
      handler: async (req, res) => {
        const body = await readJson(req);
        if (checkModel(res, body)) await chat(req, res, body);
      },
    },
    {
      method: 'POST',
      path: '/tokenize',
      handler: async (req, res) => {
        const body = await readJson(req);
        if (!checkModel(res, body)) return;
        // The chat form (messages) renders the template, which brings its own BOS.
        const chatForm = Array.isArray(body['messages']);
        const addSpecial = chatForm
          ? body['add_special_tokens'] === true
          : body['add_special_tokens'] !== false;
        const ids = chatForm
          ? chatTokenIds(body)
          : tokenizePieces(stringField(body, 'prompt') ?? '').map((p) => p.id);
        const tokens = [...(addSpecial ? [BOS_ID] : []), ...ids];
        const strs =
          body['return_token_strs'] === true
            ? tokens.map((t, i) => (t === BOS_ID && i === 0 ? '<s>' : ''))
            : null;
        sendJson(res, 200, { count: tokens.length, max_model_len: options.ctx, tokens, token_strs: strs });
      },
    },
    {
      method: 'POST',
      path: '/detokenize',
      handler: async (req, res) => {
        const body = await readJson(req);
        const tokens = Array.isArray(body['tokens'])
          ? body['tokens'].filter((t) => typeof t === 'number')
          : [];
        sendJson(res, 200, { prompt: detokenize(tokens) });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handler: (_req, res) => {
        const c = engine.counters();
        const labels = { engine: '0', model_name: options.modelName };
        const one = (name: string, type: 'gauge' | 'counter', help: string, value: number) => ({
          name: `vllm:${name}`,
          type,
          help,
          samples: [{ labels, value }],
        });
        const kvName = options.vllmLegacyKvMetric ? 'gpu_cache_usage_perc' : 'kv_cache_usage_perc';
        const finished = (['stop', 'length', 'abort', 'error'] as const).map((reason) => ({
          labels: { ...labels, finished_reason: reason },
          value: {
            stop: c.finished.eos,
            length: c.finished.limit,
            abort: c.finished.abort,
            error: c.finished.error,
          }[reason],
        }));
        const body = renderPrometheus(
          [
            one('num_requests_running', 'gauge', 'Requests in model execution batches.', c.running),
            one('num_requests_waiting', 'gauge', 'Requests waiting to be processed.', c.waiting),
            one(kvName, 'gauge', 'KV-cache usage; 1 means full.', engine.kvUsage()),
            one('prompt_tokens_total', 'counter', 'Prefill tokens processed.', c.promptTokensTotal),
            one(
              'generation_tokens_total',
              'counter',
              'Generation tokens processed.',
              c.generationTokensTotal,
            ),
            one('num_preemptions_total', 'counter', 'Cumulative preemptions.', 0),
            {
              name: 'vllm:request_success_total',
              type: 'counter',
              help: 'Finished requests.',
              samples: finished,
            },
          ],
          { floats: true },
        );
        sendText(res, 200, body, PROMETHEUS_CONTENT_TYPE);
      },
    },
  ];
  return { routes, sendError };
}
