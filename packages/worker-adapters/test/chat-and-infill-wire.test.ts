// WA-015, WA-016, WA-017, WA-020, DET-002: chat and infill on the wire against scripted
// engines: the bodies each adapter sends (determinism switches included), the chat-token
// counting calls, and the drift the shared chat reader tolerates (older TGI's single
// tool_calls object, arguments sent as an object, TGI's "stop" after a call).
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import {
  createLlamaCppAdapter,
  createTgiAdapter,
  createVllmAdapter,
  resolveSamplerProfile,
} from '../src/index.js';
import type { AdapterError, ChatInput, CompletionRequest } from '../src/index.js';
import { assembleToolCalls } from './conformance/suite.js';
import { collect, textOf } from './conformance/helpers.js';
import { json, sseHeaders, startFakeServer } from './support/fake-http-server.js';
import type { FakeHandler, FakeHttpServer } from './support/fake-http-server.js';

let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const serve = async (handler: FakeHandler) => {
  server = await startFakeServer(handler);
  return server.url;
};
const timeouts = { requestMs: 1_000, firstTokenMs: 2_000, idleMs: 1_000 };
const CHAT: ChatInput = {
  messages: [{ role: 'user', content: 'weather in Paris?' }],
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
  tool_choice: 'auto',
};
const request = (overrides: Partial<CompletionRequest> = {}): CompletionRequest => ({
  prompt: '',
  chat: CHAT,
  max_tokens: 12,
  seed: 42,
  sampler: resolveSamplerProfile('default-v1')!,
  ...overrides,
});

function sse(res: ServerResponse, prefix: string, ...payloads: unknown[]): void {
  sseHeaders(res);
  res.end(payloads.map((p) => `${prefix}${typeof p === 'string' ? p : JSON.stringify(p)}\n\n`).join(''));
}
const chunk = (delta: object, finish: string | null = null, extra: object = {}) => ({
  choices: [{ index: 0, delta, finish_reason: finish }],
  ...extra,
});
const usage = { choices: [], usage: { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 } };

describe('llamacpp-http chat and infill wire', () => {
  it('sends the chat body with tools, stop, sampler and cache_prompt off [WA-015, WA-021, DET-002]', async () => {
    const url = await serve((_req, res) =>
      sse(res, 'data: ', chunk({ content: 'hi' }), chunk({}, 'stop'), usage, '[DONE]'),
    );
    const adapter = createLlamaCppAdapter({ endpoint: url, timeouts });
    const events = await collect(adapter.complete(request({ stop: ['\n'] })));
    expect(server!.requests[0]).toMatchObject({ path: '/v1/chat/completions' });
    expect(server!.requests[0]!.body).toEqual({
      messages: CHAT.messages,
      tools: CHAT.tools,
      tool_choice: 'auto',
      stop: ['\n'],
      max_tokens: 12,
      seed: 42,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.8,
      top_k: 40,
      top_p: 0.95,
      min_p: 0.05,
      repeat_penalty: 1,
      cache_prompt: false,
    });
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      stats: { tokens_in: 9, completion_tokens: 5, tokens_out: 1, stop_reason: 'eos' },
    });
  });

  it('sends infill as input_prefix/input_suffix on /infill and reads the native stream [WA-015, WA-022]', async () => {
    const final = { content: '', stop: true, stop_type: 'limit', tokens_evaluated: 6, tokens_predicted: 1 };
    const url = await serve((_req, res) => sse(res, 'data: ', { content: 'x', stop: false }, final));
    const adapter = createLlamaCppAdapter({ endpoint: url, timeouts });
    const events = await collect(
      adapter.complete(request({ chat: undefined, prompt: 'f(', infill: { suffix: ')' } })),
    );
    expect(server!.requests[0]).toMatchObject({
      path: '/infill',
      body: {
        input_prefix: 'f(',
        input_suffix: ')',
        prompt: '',
        n_predict: 12,
        cache_prompt: false,
        stream: true,
      },
    });
    expect(textOf(events)).toBe('x');
  });

  it('counts chat tokens by /apply-template, then /tokenize with special tokens [WA-003, WA-020]', async () => {
    const url = await serve((req, res) =>
      req.path === '/apply-template'
        ? json(res, 200, { prompt: '<|im_start|>user\n…' })
        : json(res, 200, { tokens: [1, 2, 3, 4] }),
    );
    const adapter = createLlamaCppAdapter({ endpoint: url, timeouts });
    expect(await adapter.countChatTokens!(CHAT)).toBe(4);
    expect(server!.requests.map((r) => [r.path, r.body])).toEqual([
      ['/apply-template', { messages: CHAT.messages, tools: CHAT.tools }],
      ['/tokenize', { content: '<|im_start|>user\n…', add_special: true, parse_special: true }],
    ]);
  });

  it('treats a chat stream that ends without [DONE] as WORKER_RESET [WA-008]', async () => {
    const url = await serve((_req, res) => sse(res, 'data: ', chunk({ content: 'a' })));
    const failure = await collect(
      createLlamaCppAdapter({ endpoint: url, timeouts }).complete(request()),
    ).catch((err: unknown) => err);
    expect(failure).toMatchObject({ code: 'WORKER_RESET' });
    expect((failure as AdapterError).message).toContain('without data: [DONE]');
  });
});

describe('vllm-http and tgi-http chat wire', () => {
  it('vLLM: sends model and counts chat tokens with the chat form of /tokenize [WA-016, WA-020]', async () => {
    const url = await serve((req, res) =>
      req.path === '/tokenize'
        ? json(res, 200, { count: 7, tokens: [] })
        : sse(
            res,
            'data: ',
            chunk({ content: 'a' }),
            { choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop', stop_reason: '\n' }] },
            '[DONE]',
          ),
    );
    const adapter = createVllmAdapter({ endpoint: url, model: 'm', timeouts });
    const events = await collect(adapter.complete(request()));
    expect(server!.requests[0]!.body).toMatchObject({ model: 'm', top_k: 40, repetition_penalty: 1 });
    expect(events.at(-1)).toMatchObject({ stats: { stop_reason: 'stop_word' } });
    expect(await adapter.countChatTokens!(CHAT)).toBe(7);
    expect(server!.requests[1]!.body).toEqual({
      model: 'm',
      messages: CHAT.messages,
      tools: CHAT.tools,
      add_generation_prompt: true,
    });
  });

  it('TGI: reads single-object tool_calls and a "stop" after a call as tool_calls [WA-017, WA-020]', async () => {
    const call = (args: unknown, name: string | null = null) => ({
      role: 'assistant',
      tool_calls: { index: 0, id: '0', type: 'function', function: { name, arguments: args } },
    });
    const url = await serve((_req, res) =>
      sse(
        res,
        'data:',
        chunk(call('', 'get_weather')),
        chunk(call('{"city": ')),
        chunk(call('"Paris"}')),
        chunk({ role: 'assistant', content: '' }, 'stop'),
        usage,
        '[DONE]',
      ),
    );
    const events = await collect(createTgiAdapter({ endpoint: url, timeouts }).complete(request()));
    expect(server!.requests[0]).toMatchObject({
      path: '/v1/chat/completions',
      body: { model: 'tgi', temperature: 0.8 },
    });
    expect(assembleToolCalls(events)).toEqual([
      { id: '0', name: 'get_weather', arguments: '{"city": "Paris"}' },
    ]);
    expect(events.at(-1)).toMatchObject({
      stats: { stop_reason: 'tool_calls', tokens_out: 0, tokens_in: 9 },
    });
  });

  it('TGI: sends json response_format in its grammar form and greedy as temperature 0 [WA-017]', async () => {
    const url = await serve((_req, res) => sse(res, 'data:', chunk({ content: '{}' }, 'stop'), '[DONE]'));
    const chat = { ...CHAT, response_format: { type: 'json_object' as const } };
    await collect(
      createTgiAdapter({ endpoint: url, timeouts }).complete(
        request({ chat, sampler: resolveSamplerProfile('det-v1')! }),
      ),
    );
    expect(server!.requests[0]!.body).toMatchObject({
      temperature: 0,
      response_format: { type: 'json', value: { type: 'object' } },
    });
  });
});
