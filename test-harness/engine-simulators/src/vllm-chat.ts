// WA-013, WA-016, WA-020: vLLM's /v1/chat/completions and the chat form of /tokenize. Why: the
// vllm-http adapter's chat path is proven against vLLM's chunk shapes: a role chunk
// (`{"role":"assistant","content":""}`) first, content deltas, finish_reason on the last
// token or an empty EOS delta ("tool_calls" after parsed tool calls, whose first delta
// carries id, type and name and the rest only arguments), the usage chunk with
// `choices: []`, and `data: [DONE]` always last, even after an in-stream error.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readChatRequest, renderChatPrompt } from './chat-template.js';
import { serveChat } from './chat-stream.js';
import type { ChatDialect } from './chat-stream.js';
import type { SimEngine } from './engine-core.js';
import { includeUsageOf, readVllmSampling, vllmErrorBody } from './vllm-request.js';
import { tokenizePieces } from './vocabulary.js';

const hex = () => randomUUID().replace(/-/g, '');

function vllmDialect(engine: SimEngine): ChatDialect {
  return {
    prefix: 'data: ',
    framer: () => {
      const id = `chatcmpl-${hex()}`;
      const created = Math.floor(Date.now() / 1000);
      return (choices, extra = {}) => ({
        id,
        object: 'chat.completion.chunk',
        created,
        model: engine.options.modelName,
        choices,
        ...extra,
      });
    },
    opening: { role: 'assistant', content: '' },
    deltaBase: {},
    choice: (delta, finish) => ({
      index: 0,
      delta,
      logprobs: null,
      finish_reason: finish,
      ...(finish === null ? {} : { stop_reason: null }),
    }),
    finishOn: 'last-token',
    toolCall: (delta, id) =>
      delta.name === undefined
        ? { index: delta.index, function: { arguments: delta.arguments } }
        : { id, type: 'function', index: delta.index, function: { name: delta.name } },
    callId: () => `chatcmpl-tool-${hex()}`,
    finishName: (stop, calledTools) => (stop === 'limit' ? 'length' : calledTools ? 'tool_calls' : 'stop'),
    error: (message) => vllmErrorBody(500, message),
    doneAfterError: true,
  };
}

/** Token ids of a chat as /tokenize's chat form renders it (the template brings BOS, so none is added). */
export function chatTokenIds(body: Record<string, unknown>): number[] {
  return tokenizePieces(renderChatPrompt(readChatRequest(body))).map((p) => p.id);
}

export function createVllmChatHandler(
  engine: SimEngine,
  sendError: (res: ServerResponse, status: number, message: string) => void,
) {
  const dialect = vllmDialect(engine);
  return async (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) => {
    const request = readChatRequest(body);
    const prompt = renderChatPrompt(request);
    const promptTokens = tokenizePieces(prompt).length;
    const limits = {
      promptTokens,
      ctx: engine.options.ctx,
      defaultMaxTokens: engine.options.ctx - promptTokens,
    };
    const { maxTokens, plan } = readVllmSampling(body, limits);
    if (engine.fault('http-500') !== undefined) {
      sendError(res, 500, 'simulated engine failure before decoding; check the simulator --fault list');
      return;
    }
    await serveChat(req, res, {
      engine,
      dialect,
      chat: request,
      prompt,
      stream: body['stream'] === true,
      includeUsage: includeUsageOf(body),
      maxTokens,
      ...plan,
      promptTokens,
      sendError,
    });
  };
}
