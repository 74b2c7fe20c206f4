// WA-013, WA-015: llama.cpp `llama-server` native protocol, as engines.md §1 describes it.
// Why: the llamacpp-http adapter must pass the conformance suite without a GPU;
// this front-end reproduces /health, /props, /slots, /completion and /infill (SSE and
// JSON), /tokenize, /detokenize and /metrics, including the empty final stop chunk and no
// [DONE]; the OpenAI chat routes and /apply-template live in llamacpp-chat.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SimEngine, StopType } from './engine-core.js';
import type { FrontEnd } from './front-end.js';
import { createLlamaCppChatRoutes } from './llamacpp-chat.js';
import { LLAMACPP_DEFAULT_PARAMS, llamaCppSampling, llamaCppSettings } from './llamacpp-settings.js';
import { BadRequest, readJson, sendJson, sendText, stringField } from './http-kit.js';
import { serveGeneration } from './generation-stream.js';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from './prometheus-text.js';
import { BOS_ID, EOS_ID, detokenize, tokenizePieces } from './vocabulary.js';

const FIM_PREFIX = '<|fim_prefix|>';
const FIM_SUFFIX = '<|fim_suffix|>';
const FIM_MIDDLE = '<|fim_middle|>';

function errorBody(status: number, message: string) {
  const type =
    status === 503 ? 'unavailable_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { code: status, message, type } };
}

/** The sentence llama-server answers on every route while the model loads. */
export const LLAMACPP_LOADING_BODY = {
  error: { message: 'Loading model', type: 'unavailable_error', code: 503 },
};

export function createLlamaCppFrontEnd(engine: SimEngine): FrontEnd {
  const { options } = engine;
  const startedAt = Math.floor(Date.now() / 1000);
  const sendError = (res: ServerResponse, status: number, message: string) =>
    sendJson(res, status, errorBody(status, message));

  /** /completion and /infill: the same native stream over the prompt each route builds. */
  const native =
    (promptOf: (body: Record<string, unknown>) => string) =>
    async (req: IncomingMessage, res: ServerResponse) => {
      const body = await readJson(req);
      const prompt = promptOf(body);
      const params = llamaCppSettings(body);
      const promptTokens = tokenizePieces(prompt).length;
      const budget = options.ctx - promptTokens - 1;
      const maxTokens = params.n_predict < 0 ? budget : Math.min(params.n_predict, budget);
      if (engine.fault('http-500') !== undefined) {
        sendError(res, 500, 'simulated engine failure before decoding; check the simulator --fault list');
        return;
      }
      const { seed, plan } = llamaCppSampling(params);
      const stream = body['stream'] === true;
      const returnTokens = body['return_tokens'] === true || stream;
      const tokensEvaluated = promptTokens + 1;
      let content = '';
      const ids: number[] = [];
      const finalChunk = (stopType: StopType, tokensPredicted: number, decodeMs: number, slotId: number) => ({
        index: 0,
        content: stream ? '' : content,
        tokens: stream || !returnTokens ? [] : ids,
        id_slot: slotId,
        stop: true,
        model: options.modelName,
        tokens_predicted: tokensPredicted,
        tokens_evaluated: tokensEvaluated,
        generation_settings: { ...params, n_predict: params.n_predict, seed },
        prompt: `<s> ${prompt}`,
        has_new_line: content.includes('\n'),
        truncated: false,
        stop_type: stopType,
        stopping_word: '',
        tokens_cached: tokensEvaluated + tokensPredicted - 1,
        timings: {
          prompt_n: tokensEvaluated,
          prompt_ms: 1,
          predicted_n: tokensPredicted,
          predicted_ms: decodeMs,
          predicted_per_second: decodeMs > 0 ? (tokensPredicted * 1000) / decodeMs : 0,
        },
      });
      const write = (chunk: unknown) => res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      await serveGeneration(req, res, {
        stream,
        // Like llama-server: a streamed reply ends with the connection closed (WA-023).
        hangUpAfterStream: true,
        steps: (signal) =>
          engine.generate({ prompt, maxTokens, seed: plan.seed, sampler: plan.sampler }, signal),
        onStep: (step) => {
          if (step.type === 'token' || step.type === 'eos') {
            const text = step.type === 'token' ? step.text : '';
            content += text;
            ids.push(step.id);
            if (stream) {
              write({
                index: 0,
                content: text,
                tokens: [step.id],
                stop: false,
                id_slot: -1,
                tokens_predicted: step.index + 1,
                tokens_evaluated: tokensEvaluated,
              });
            }
          } else if (step.type === 'error') {
            if (stream) write(errorBody(500, step.message));
            else sendError(res, 500, step.message);
          } else {
            const final = finalChunk(step.stopType, step.tokensOut, step.decodeMs, 0);
            if (stream) write(final);
            else sendJson(res, 200, final);
          }
        },
      });
    };
  const completion = native((body) => {
    const prompt = stringField(body, 'prompt');
    if (prompt === undefined) throw new BadRequest('"prompt" must be provided as a string');
    return prompt;
  });
  // The model's FIM tokens frame the text around the cursor; `prompt` follows the middle marker.
  const infill = native((body) => {
    const prefix = stringField(body, 'input_prefix');
    const suffix = stringField(body, 'input_suffix');
    if (prefix === undefined) throw new BadRequest('"input_prefix" is required');
    if (suffix === undefined) throw new BadRequest('"input_suffix" is required');
    return `${FIM_PREFIX}${prefix}${FIM_SUFFIX}${suffix}${FIM_MIDDLE}${stringField(body, 'prompt') ?? ''}`;
  });

  const routes: FrontEnd['routes'] = [
    { method: 'GET', path: '/health', handler: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    { method: 'GET', path: '/v1/health', handler: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/props',
      handler: async (_req, res) => {
        const slow = engine.fault('slow-props');
        if (slow !== undefined) await sleep(slow.ms);
        sendJson(res, 200, {
          default_generation_settings: { n_ctx: options.ctx, params: LLAMACPP_DEFAULT_PARAMS },
          total_slots: options.slots,
          model_alias: options.modelName,
          model_path: `/models/${options.modelName}`,
          modalities: { vision: false, audio: false },
          endpoint_slots: true,
          endpoint_props: false,
          endpoint_metrics: true,
          chat_template: '',
          bos_token: '<s>',
          eos_token: '</s>',
          build_info: options.engineVersion,
          is_sleeping: false,
        });
      },
    },
    {
      method: 'GET',
      path: '/slots',
      handler: (_req, res) =>
        sendJson(
          res,
          200,
          engine.slots().map((slot) => ({
            id: slot.id,
            id_task: slot.taskId,
            n_ctx: options.ctx,
            speculative: false,
            is_processing: slot.isProcessing,
            n_prompt_tokens: slot.promptTokens,
            params: LLAMACPP_DEFAULT_PARAMS,
            next_token: {
              has_next_token: slot.isProcessing,
              has_new_line: false,
              n_remain: -1,
              n_decoded: slot.decoded,
            },
          })),
        ),
    },
    { method: 'POST', path: '/completion', handler: completion },
    { method: 'POST', path: '/completions', handler: completion },
    { method: 'POST', path: '/infill', handler: infill },
    ...createLlamaCppChatRoutes(engine, sendError),
    {
      method: 'POST',
      path: '/tokenize',
      handler: async (req, res) => {
        const body = await readJson(req);
        const content = stringField(body, 'content') ?? '';
        const bos = body['add_special'] === true ? [{ id: BOS_ID, piece: '<s>' }] : [];
        const pieces = [...bos, ...tokenizePieces(content)];
        const withPieces = body['with_pieces'] === true;
        sendJson(res, 200, { tokens: pieces.map((p) => (withPieces ? { id: p.id, piece: p.piece } : p.id)) });
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
        sendJson(res, 200, { content: detokenize(tokens.filter((t) => t !== EOS_ID)) });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handler: (_req, res) => {
        const c = engine.counters();
        const gauge = (name: string, help: string, value: number) =>
          ({ name: `llamacpp:${name}`, type: 'gauge', help, samples: [{ value }] }) as const;
        const counter = (name: string, help: string, value: number) =>
          ({ name: `llamacpp:${name}`, type: 'counter', help, samples: [{ value }] }) as const;
        res.setHeader('Process-Start-Time-Unix', String(startedAt));
        sendText(
          res,
          200,
          renderPrometheus(
            [
              counter('prompt_tokens_total', 'Prompt tokens processed.', c.promptTokensTotal),
              counter('prompt_seconds_total', 'Prompt processing time.', 0),
              counter('tokens_predicted_total', 'Generation tokens produced.', c.generationTokensTotal),
              counter('tokens_predicted_seconds_total', 'Generation time.', 0),
              counter('n_decode_total', 'llama_decode() calls.', c.generationTokensTotal),
              counter('n_tokens_max', 'Largest n_tokens observed.', options.ctx),
              gauge('prompt_tokens_seconds', 'Prompt throughput.', 0),
              gauge('predicted_tokens_seconds', 'Generation throughput.', 0),
              gauge('requests_processing', 'Requests being decoded.', c.running),
              gauge('requests_deferred', 'Requests waiting for a slot.', c.waiting),
              gauge('n_busy_slots_per_decode', 'Average busy slots per decode.', c.running),
            ],
            { floats: false },
          ),
          PROMETHEUS_CONTENT_TYPE,
        );
      },
    },
  ];
  return { routes, sendError };
}
