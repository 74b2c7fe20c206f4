// WA-013, WA-017, WA-020: TGI's OpenAI route /v1/chat/completions, as router/src/chat.rs and
// lib.rs write it. Why: the tgi-http adapter's chat path is proven against TGI's bytes:
// `data:` with no space (axum), every delta repeating `"role":"assistant"`, no role chunk,
// finish_reason on the last token or the special EOS token's empty delta ("stop" even
// after tool calls; "length" at the limit), tool-call deltas with id "0" and a name only
// on the first, the usage chunk with `choices: []`, and `data:[DONE]` last. Temperature 0
// means greedy on this route (TGI drops sampling), unlike /generate where it is a 422.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readChatRequest, renderChatPrompt } from './chat-template.js';
import { serveChat } from './chat-stream.js';
import type { ChatDialect } from './chat-stream.js';
import type { SimEngine } from './engine-core.js';
import { greedySampler } from './front-end.js';
import { numberField, randomSeed } from './http-kit.js';
import { tokenizePieces } from './vocabulary.js';

export type TgiFail = (res: ServerResponse, status: number, message: string, errorType: string) => void;

function tgiDialect(engine: SimEngine): ChatDialect {
  const { options } = engine;
  return {
    prefix: 'data:',
    framer: () => {
      const created = Math.floor(Date.now() / 1000);
      return (choices, extra = {}) => ({
        object: 'chat.completion.chunk',
        id: '',
        created,
        model: options.modelName,
        system_fingerprint: `${options.engineVersion}-native`,
        choices,
        usage: null,
        ...extra,
      });
    },
    deltaBase: { role: 'assistant' },
    choice: (delta, finish) => ({ index: 0, delta, logprobs: null, finish_reason: finish }),
    finishOn: 'last-token',
    toolCall: (delta, id) => ({
      index: delta.index,
      id,
      type: 'function',
      function: { name: delta.name ?? null, arguments: delta.arguments },
    }),
    callId: () => '0',
    finishName: (stop) => (stop === 'limit' ? 'length' : 'stop'),
    error: (message) => ({ error: message, error_type: 'generation' }),
    doneAfterError: false,
  };
}

export function createTgiChatHandler(engine: SimEngine, fail: TgiFail) {
  const { options } = engine;
  const dialect = tgiDialect(engine);
  // A non-streamed generation failure is TGI's 424 `generation` error.
  const sendError = (res: ServerResponse, _status: number, message: string) =>
    fail(res, 424, message, 'generation');
  return async (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) => {
    const request = readChatRequest(body);
    const prompt = renderChatPrompt(request);
    const promptTokens = tokenizePieces(prompt).length;
    const temperature = numberField(body, 'temperature');
    const topP = numberField(body, 'top_p');
    const maxTokens = numberField(body, 'max_tokens') ?? options.ctx - promptTokens;
    if (temperature !== undefined && temperature < 0) {
      return fail(res, 422, '`temperature` must be strictly positive', 'validation');
    }
    if (topP !== undefined && (topP <= 0 || topP >= 1)) {
      return fail(res, 422, '`top_p` must be > 0.0 and < 1.0', 'validation');
    }
    if (!Number.isInteger(maxTokens) || maxTokens <= 0 || promptTokens + maxTokens > options.ctx) {
      return fail(
        res,
        422,
        `\`inputs\` tokens + \`max_new_tokens\` must be <= ${options.ctx}. Given: ${promptTokens} \`inputs\` ` +
          `tokens and ${maxTokens} \`max_new_tokens\``,
        'validation',
      );
    }
    const load = engine.counters();
    if (load.running + load.waiting >= Math.max(1, options.slots)) {
      return fail(res, 429, 'Model is overloaded', 'overloaded');
    }
    if (engine.fault('http-500') !== undefined) {
      const message = 'simulated engine failure before decoding; check the simulator --fault list';
      return fail(res, 500, message, 'incomplete_generation');
    }
    const seed = numberField(body, 'seed') ?? randomSeed();
    const plan = greedySampler({ temperature, top_p: topP }, seed, temperature === 0);
    const streamOptions = body['stream_options'] as { include_usage?: unknown } | null | undefined;
    await serveChat(req, res, {
      engine,
      dialect,
      chat: request,
      prompt,
      stream: body['stream'] === true,
      includeUsage: streamOptions?.include_usage === true,
      maxTokens,
      ...plan,
      promptTokens,
      sendError,
    });
  };
}
