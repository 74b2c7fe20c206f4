// WA-013, WA-015, WA-020: llama-server's OpenAI chat routes and /apply-template, as its
// source at the pinned commit writes them (tools/server: server-task.cpp, server-chat.cpp,
// server-context.cpp). Why: the llamacpp-http adapter's chat path is proven against these
// bytes: a role chunk `{"role":"assistant","content":null}` before the first piece, no chunk
// for EOS, finish_reason on its own chunk with an empty delta ("tool_calls" when the model
// called tools), then the usage chunk (choices []) carrying timings, then `data: [DONE]`.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readChatRequest, renderChatPrompt } from './chat-template.js';
import { serveChat } from './chat-stream.js';
import type { ChatDialect } from './chat-stream.js';
import type { SimEngine } from './engine-core.js';
import type { Route } from './http-kit.js';
import { readJson, sendJson } from './http-kit.js';
import { llamaCppSampling, llamaCppSettings } from './llamacpp-settings.js';
import { tokenizePieces } from './vocabulary.js';

const randomId = () => randomBytes(16).toString('hex');

function llamaCppDialect(engine: SimEngine): ChatDialect {
  const { options } = engine;
  return {
    prefix: 'data: ',
    framer: () => {
      const created = Math.floor(Date.now() / 1000);
      const id = `chatcmpl-${randomId()}`;
      return (choices, extra = {}) => ({
        choices,
        created,
        id,
        model: options.modelName,
        system_fingerprint: options.engineVersion,
        object: 'chat.completion.chunk',
        ...extra,
      });
    },
    opening: { role: 'assistant', content: null },
    deltaBase: {},
    choice: (delta, finish) => ({ finish_reason: finish, index: 0, delta }),
    finishOn: 'own-chunk',
    // The diff writer omits empty fields: id and type only with the id, function only with a name or arguments.
    toolCall: (delta, id) => {
      const fn: Record<string, string> = {};
      if (delta.name !== undefined) fn['name'] = delta.name;
      if (delta.arguments !== '') fn['arguments'] = delta.arguments;
      return {
        index: delta.index,
        ...(delta.name === undefined ? {} : { id, type: 'function' }),
        ...(Object.keys(fn).length === 0 ? {} : { function: fn }),
      };
    },
    callId: () => randomId(),
    finishName: (stop, calledTools) => (stop === 'limit' ? 'length' : calledTools ? 'tool_calls' : 'stop'),
    closing: (end) => ({
      timings: {
        prompt_n: end.promptTokens + 1,
        prompt_ms: 1,
        predicted_n: end.tokensOut,
        predicted_ms: end.decodeMs,
        predicted_per_second: end.decodeMs > 0 ? (end.tokensOut * 1000) / end.decodeMs : 0,
      },
    }),
    error: (message) => ({ error: { code: 500, message, type: 'server_error' } }),
    doneAfterError: false,
    hangUpAfterStream: true,
  };
}

export function createLlamaCppChatRoutes(
  engine: SimEngine,
  sendError: (res: ServerResponse, status: number, message: string) => void,
): Route[] {
  const { options } = engine;
  const dialect = llamaCppDialect(engine);

  async function chat(req: IncomingMessage, res: ServerResponse) {
    const body = await readJson(req);
    const request = readChatRequest(body);
    const prompt = renderChatPrompt(request);
    const params = llamaCppSettings(body);
    // The templated prompt is tokenised with BOS added, as /tokenize add_special does.
    const promptTokens = tokenizePieces(prompt).length + 1;
    const budget = options.ctx - promptTokens;
    const maxTokens = params.n_predict < 0 ? budget : Math.min(params.n_predict, budget);
    if (engine.fault('http-500') !== undefined) {
      sendError(res, 500, 'simulated engine failure before decoding; check the simulator --fault list');
      return;
    }
    const { plan } = llamaCppSampling(params);
    const streamOptions = body['stream_options'] as { include_usage?: unknown } | null | undefined;
    await serveChat(req, res, {
      engine,
      dialect,
      chat: request,
      prompt,
      stream: body['stream'] === true,
      includeUsage: streamOptions?.include_usage === true,
      maxTokens,
      seed: plan.seed,
      sampler: plan.sampler,
      promptTokens,
      sendError,
    });
  }

  return [
    { method: 'POST', path: '/v1/chat/completions', handler: chat },
    { method: 'POST', path: '/chat/completions', handler: chat },
    {
      method: 'POST',
      path: '/apply-template',
      handler: async (req, res) => {
        const request = readChatRequest(await readJson(req));
        sendJson(res, 200, { prompt: renderChatPrompt(request) });
      },
    },
  ];
}
