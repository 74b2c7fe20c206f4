// DET-011, POOL-045: a real llama-server started as pool-managerd starts it (--jinja)
// serves the tiny models' own chat template: chat completions with the golden
// sentence, real tool_calls parsed from the tool model (plain and streamed), a
// tool-result follow-up, fill-in-the-middle, and a 50 KB coding-agent request
// inside the default config's context.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultConfig } from '@llama-orch/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIGRAM_SENTENCE, ensureLlamaServer, startLlamaServer, writeTinyModel } from '../src/index.js';
import type { LlamaServerProcess } from '../src/index.js';
import { agentRequest } from './support/agent-request.js';

interface ToolCall {
  id?: string;
  type?: string;
  function: { name: string; arguments: string };
}
interface ChatCompletion {
  choices: {
    finish_reason: string;
    message: { role: string; content: string | null; tool_calls?: ToolCall[] };
  }[];
  usage: { prompt_tokens: number; completion_tokens: number };
  timings?: { prompt_ms: number; prompt_n: number };
}
interface ChatChunk {
  choices: {
    finish_reason: string | null;
    delta: {
      content?: string | null;
      tool_calls?: { index: number; id?: string; function?: { name?: string; arguments?: string } }[];
    };
  }[];
}

/** JSON as Jinja's tojson writes it (Python's separators: ", " and ": "). */
const pythonJson = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(pythonJson).join(', ')}]`
    : value !== null && typeof value === 'object'
      ? `{${Object.entries(value)
          .map(([key, item]) => `${JSON.stringify(key)}: ${pythonJson(item)}`)
          .join(', ')}}`
      : JSON.stringify(value);

// The fixed pools' context; the default's on-demand models (with `residency`) run a smaller one.
const CTX = Math.min(
  ...defaultConfig()
    .pools.filter((pool) => pool.residency === undefined)
    .map((pool) => pool.ctx),
);

const GET_WEATHER = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const ASK = { role: 'user', content: 'What is the weather in Paris?' };
const CALLED = {
  role: 'assistant',
  content: null,
  tool_calls: [
    { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } },
  ],
};
const RESULT = { role: 'tool', tool_call_id: 'call_1', content: '{"sky": "clear", "celsius": 18}' };

let dir: string;
let bigram: LlamaServerProcess;
let tool: LlamaServerProcess;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'llorch-chat-'));
  const { binaryPath } = await ensureLlamaServer({
    onProgress: (line) => /^(\[\s*\d+%\]|llama-orch)/.test(line) && console.log(line),
  });
  const model = async (kind: 'bigram' | 'tool') =>
    (await writeTinyModel({ kind, seed: 42, path: path.join(dir, `${kind}.gguf`) })).path;
  const [bigramPath, toolPath] = await Promise.all([model('bigram'), model('tool')]);
  [bigram, tool] = await Promise.all([
    startLlamaServer({ binaryPath, modelPath: bigramPath, ctx: CTX }),
    startLlamaServer({ binaryPath, modelPath: toolPath, ctx: CTX }),
  ]);
}, 900_000);

afterAll(async () => {
  await Promise.all([bigram?.stop(), tool?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

async function post(endpoint: string, route: string, body: unknown): Promise<Response> {
  return fetch(`${endpoint}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function chat(endpoint: string, body: Record<string, unknown>): Promise<ChatCompletion> {
  const response = await post(endpoint, '/v1/chat/completions', { temperature: 0, ...body });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as ChatCompletion;
}

/** Streams a chat completion and folds the tool_call deltas back into whole calls. */
async function streamChat(endpoint: string, body: Record<string, unknown>) {
  const response = await post(endpoint, '/v1/chat/completions', { temperature: 0, ...body, stream: true });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const lines = (await response.text()).split('\n').filter((line) => line.startsWith('data: '));
  expect(lines.at(-1)).toBe('data: [DONE]');
  const chunks = lines.slice(0, -1).map((line) => JSON.parse(line.slice(6)) as ChatChunk);
  const calls: { id: string; name: string; arguments: string }[] = [];
  let content = '';
  for (const delta of chunks.map((c) => c.choices[0]!.delta)) {
    content += delta.content ?? '';
    for (const part of delta.tool_calls ?? []) {
      const call = (calls[part.index] ??= { id: '', name: '', arguments: '' });
      call.id += part.id ?? '';
      call.name += part.function?.name ?? '';
      call.arguments += part.function?.arguments ?? '';
    }
  }
  return { chunks, calls, content, finishReason: chunks.at(-1)?.choices[0]?.finish_reason };
}

describe('real llama-server chat template, tools and infill', () => {
  it('answers a chat completion on the bigram model with the golden sentence [DET-011]', async () => {
    const reply = await chat(bigram.endpoint, { messages: [{ role: 'user', content: 'Say something.' }] });
    expect(reply.choices[0]).toMatchObject({
      finish_reason: 'stop',
      message: { role: 'assistant', content: BIGRAM_SENTENCE },
    });
  });

  it('returns the tool model reply as one parsed get_weather call, greedy and sampled', async () => {
    for (const sampling of [
      { temperature: 0 },
      { temperature: 0.8, seed: 42 },
      { tool_choice: 'required' },
    ]) {
      const reply = await chat(tool.endpoint, { messages: [ASK], tools: [GET_WEATHER], ...sampling });
      const choice = reply.choices[0]!;
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.tool_calls).toHaveLength(1);
      const call = choice.message.tool_calls![0]!;
      expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
      expect(call.id).toMatch(/\S/);
      expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
      expect(choice.message.content ?? '').toBe('');
    }
  });

  it('streams the same call as tool_call deltas that end with finish_reason tool_calls', async () => {
    const streamed = await streamChat(tool.endpoint, { messages: [ASK], tools: [GET_WEATHER] });
    expect(streamed.finishReason).toBe('tool_calls');
    expect(streamed.content).toBe('');
    expect(streamed.calls).toHaveLength(1);
    expect(streamed.calls[0]!.name).toBe('get_weather');
    expect(streamed.calls[0]!.id).toMatch(/\S/);
    expect(JSON.parse(streamed.calls[0]!.arguments)).toEqual({ city: 'Paris' });
    // The arguments arrive in more than one delta, as a client must be ready for.
    const argumentDeltas = streamed.chunks.filter((c) => c.choices[0]!.delta.tool_calls !== undefined);
    expect(argumentDeltas.length).toBeGreaterThan(1);
  });

  it('accepts a follow-up that carries the assistant tool call (content null) and the tool result', async () => {
    const messages = [ASK, CALLED, RESULT];
    const again = await chat(tool.endpoint, { messages, tools: [GET_WEATHER] });
    expect(again.choices[0]!.finish_reason).toBe('tool_calls');
    const prose = await chat(bigram.endpoint, { messages, tools: [GET_WEATHER] });
    expect(prose.choices[0]!.message.content).toBe(BIGRAM_SENTENCE.trimStart());
  });

  it('accepts response_format, whose grammar is prefilled with the rendered generation prompt', async () => {
    // llama-server feeds the generation prompt's tokens to the grammar; a tokenizer
    // that put a space after <|im_start|> would make it refuse the request (400).
    const reply = await chat(bigram.endpoint, {
      messages: [ASK],
      response_format: { type: 'json_object' },
      max_tokens: 8,
    });
    expect(reply.choices[0]).toMatchObject({ finish_reason: 'length', message: { role: 'assistant' } });
    expect(reply.usage.completion_tokens).toBe(8);
  });

  it('renders tools, calls and results through /apply-template in the format the parser reads', async () => {
    const response = await post(tool.endpoint, '/apply-template', {
      messages: [{ role: 'system', content: 'Be brief.' }, ASK, CALLED, RESULT],
      tools: [GET_WEATHER],
    });
    expect(response.status).toBe(200);
    const { prompt } = (await response.json()) as { prompt: string };
    expect(prompt).toBe(
      '<|im_start|>system\nBe brief.\n\nYou can call functions. Their JSON signatures are inside <tools></tools>:\n' +
        `<tools>\n${pythonJson(GET_WEATHER)}\n</tools>\n` +
        'To call one, reply with <tool_call>{"name": <function-name>, "arguments": <args-json-object>}</tool_call><|im_end|>\n' +
        '<|im_start|>user\nWhat is the weather in Paris?<|im_end|>\n' +
        '<|im_start|>assistant\n<tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call><|im_end|>\n' +
        '<|im_start|>tool\n<tool_response>{"sky": "clear", "celsius": 18}</tool_response><|im_end|>\n' +
        '<|im_start|>assistant\n',
    );
  });

  it('fills in the middle through /infill', async () => {
    const response = await post(bigram.endpoint, '/infill', {
      input_prefix: 'def greet():\n    return "',
      input_suffix: '"\n\nprint(greet())\n',
      temperature: 0,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ content: BIGRAM_SENTENCE, stop: true, stop_type: 'eos' });
  });

  it('holds a 50 KB coding-agent request within the default context', async () => {
    const request = agentRequest();
    expect(JSON.stringify(request).length).toBeGreaterThanOrEqual(50_000);
    const rendered = await post(tool.endpoint, '/apply-template', request);
    const { prompt } = (await rendered.json()) as { prompt: string };
    const tokenized = await post(tool.endpoint, '/tokenize', { content: prompt });
    const { tokens } = (await tokenized.json()) as { tokens: number[] };
    console.log(
      `agent request: ${Buffer.byteLength(prompt)} bytes of prompt, ${tokens.length} tokens, ctx ${CTX}`,
    );
    expect(tokens.length).toBeLessThan(CTX - 4096); // leaves room for the reply
    const reply = await chat(bigram.endpoint, { ...request, max_tokens: 16 });
    console.log(
      `agent request: prompt processing ${reply.timings?.prompt_ms} ms for ${reply.timings?.prompt_n} tokens`,
    );
    expect(reply.usage.prompt_tokens).toBeGreaterThan(tokens.length - 8);
    expect(reply.choices[0]!.message.content).toBe(BIGRAM_SENTENCE.trimStart());
  }, 180_000);
});
