// WA-013: the llama.cpp, vLLM and TGI simulators serve /v1/chat/completions in each
// engine's own dialect (framing, role chunk, where finish_reason goes, tool-call deltas,
// usage chunk, [DONE]), make tool calls only when configured with --tool-call, and the
// llama.cpp simulator serves /infill and /apply-template as llama-server does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOLDEN_TEXT, startSimulator } from '../src/index.js';
import type { SimProtocol, SimulatorHandle } from '../src/index.js';
import { postRaw, sseBlocks, sseJson } from './support/http.js';

const TOOL = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } };
const chatBody = (sim: SimulatorHandle, extra: object = {}) => ({
  model: sim.options.modelName,
  messages: [{ role: 'user', content: 'hello' }],
  max_tokens: 32,
  seed: 1,
  stream: true,
  stream_options: { include_usage: true },
  ...extra,
});

type Chunk = Record<string, unknown> & { choices: Array<Record<string, unknown>> };
const deltas = (text: string) =>
  (sseJson(text) as Chunk[]).flatMap((c) => c.choices.map((ch) => ch['delta']));
const finishes = (text: string) =>
  (sseJson(text) as Chunk[])
    .flatMap((c) => c.choices.map((ch) => ch['finish_reason']))
    .filter((f) => f !== null);
const content = (text: string) =>
  deltas(text)
    .map((d) => (d as { content?: unknown }).content)
    .filter((c): c is string => typeof c === 'string')
    .join('');
const toolArguments = (text: string) =>
  deltas(text)
    .flatMap((d) => (d as { tool_calls?: Array<{ function?: { arguments?: string } }> }).tool_calls ?? [])
    .map((call) => call.function?.arguments ?? '')
    .join('');

const DIALECTS: Array<[SimProtocol, { prefix: string; eosFinish: string; toolFinish: string }]> = [
  ['llamacpp', { prefix: 'data: ', eosFinish: 'stop', toolFinish: 'tool_calls' }],
  ['vllm', { prefix: 'data: ', eosFinish: 'stop', toolFinish: 'tool_calls' }],
  // TGI never says tool_calls: the call ends on the EOS token like any reply.
  ['tgi', { prefix: 'data:', eosFinish: 'stop', toolFinish: 'stop' }],
];

describe.each(DIALECTS)('%s simulator chat', (protocol, dialect) => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({
      protocol,
      model: 'golden',
      toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }],
    });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('streams the reply in the engine framing, then usage and [DONE] [WA-013]', async () => {
    const { status, text } = await postRaw(`${sim.endpoint}/v1/chat/completions`, chatBody(sim));
    expect(status).toBe(200);
    const blocks = sseBlocks(text);
    expect(blocks.every((b) => b.startsWith(dialect.prefix) && !b.startsWith(`${dialect.prefix} `))).toBe(
      true,
    );
    expect(blocks.at(-1)).toBe(`${dialect.prefix}[DONE]`);
    expect(content(text)).toBe(GOLDEN_TEXT);
    expect(finishes(text)).toEqual([dialect.eosFinish]);
    const usage = (sseJson(text).at(-1) as Chunk)['usage'] as Record<string, number>;
    expect(usage).toMatchObject({ completion_tokens: 11 });
    expect(usage['prompt_tokens']).toBeGreaterThan(0);
  });

  it('makes the configured call only when the request offers its tool [WA-013]', async () => {
    const offered = await postRaw(`${sim.endpoint}/v1/chat/completions`, chatBody(sim, { tools: [TOOL] }));
    expect(JSON.parse(toolArguments(offered.text))).toEqual({ city: 'Paris' });
    expect(content(offered.text)).toBe('');
    expect(finishes(offered.text)).toEqual([dialect.toolFinish]);
    const declined = await postRaw(
      `${sim.endpoint}/v1/chat/completions`,
      chatBody(sim, { tools: [TOOL], tool_choice: 'none' }),
    );
    expect(toolArguments(declined.text)).toBe('');
    expect(content(declined.text)).toBe(GOLDEN_TEXT);
  });

  it('stops at max_tokens with finish_reason length [WA-013]', async () => {
    const { text } = await postRaw(`${sim.endpoint}/v1/chat/completions`, chatBody(sim, { max_tokens: 3 }));
    expect(content(text)).toBe(' the quick brown');
    expect(finishes(text)).toEqual(['length']);
  });
});

describe('llama.cpp simulator infill and templates', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ protocol: 'llamacpp', model: 'golden' });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('streams /infill in the native format around the FIM-framed prompt [WA-013]', async () => {
    const body = { input_prefix: 'def f(', input_suffix: ')', prompt: '', n_predict: 64, stream: true };
    const { status, text } = await postRaw(`${sim.endpoint}/infill`, body);
    expect(status).toBe(200);
    expect(text).not.toContain('[DONE]');
    const final = sseJson(text).at(-1);
    expect(final).toMatchObject({ stop: true, stop_type: 'eos' });
    expect(final?.['prompt']).toContain('<|fim_prefix|>def f(<|fim_suffix|>)<|fim_middle|>');
    expect((await postRaw(`${sim.endpoint}/infill`, { input_suffix: ')' })).status).toBe(400);
  });

  it('renders /apply-template, whose tokens the chat usage counts with BOS [WA-013]', async () => {
    const messages = [{ role: 'user', content: 'hello' }];
    const { prompt } = JSON.parse((await postRaw(`${sim.endpoint}/apply-template`, { messages })).text) as {
      prompt: string;
    };
    expect(prompt).toBe('<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n');
    const tokenized = await postRaw(`${sim.endpoint}/tokenize`, { content: prompt, add_special: true });
    const { tokens } = JSON.parse(tokenized.text) as { tokens: number[] };
    const chat = await postRaw(`${sim.endpoint}/v1/chat/completions`, chatBody(sim, { max_tokens: 2 }));
    const usage = (sseJson(chat.text).at(-1) as Chunk)['usage'] as Record<string, number>;
    expect(usage['prompt_tokens']).toBe(tokens.length);
  });
});
