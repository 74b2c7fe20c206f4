// The agents' front door as agents meet it [ORCHD-062, ORCHD-063, ORCHD-064,
// ORCHD-065, ORCHD-067, ORCHD-068, ORCHD-069, ORCHD-070]: the official
// `openai` and `@anthropic-ai/sdk` clients and the Vercel AI SDK, nobody's
// imitation, against the product as `npm start` runs it: real llama-server
// replicas serving our generated models (`tiny-bigram` always answers the
// golden sentence, `tiny-random` depends on the seed, `tiny-tool` calls
// get_weather). With REQUIRE_REAL_LLAMA=1 a missing engine fails the run.
import Anthropic from '@anthropic-ai/sdk';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@llama-orch/haiku-e2e';
import { BIGRAM_SENTENCE } from '@llama-orch/engine-provision';
import { REQUIRED, SKIPPED, counter, startAgentProduct, type AgentProduct } from '../src/agent-product.js';

const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

/** About 50 KB of real prose (our own specs) as a coding agent's system prompt, and a dozen tool schemas. */
function agentSizedRequest(): { system: string; tools: OpenAI.ChatCompletionFunctionTool[] } {
  const specs = ['20-orchestratord.md', '30-pool-managerd.md', '10-orchestrator-core.md'];
  const system = specs
    .map((f) => readFileSync(join(REPO_ROOT, '.specs', f), 'utf8'))
    .join('\n')
    .slice(0, 40_000);
  const tools = Array.from({ length: 12 }, (_, i) => ({
    type: 'function' as const,
    function: {
      name: `tool_${i}`,
      description: system.slice(i * 700, i * 700 + 600),
      parameters: {
        type: 'object',
        properties: { path: { type: 'string', description: 'A file path' }, limit: { type: 'integer' } },
        required: ['path'],
      },
    },
  }));
  return { system, tools };
}

let run: AgentProduct;
let openai: OpenAI;
let anthropic: Anthropic;

let startFailure: unknown;

beforeAll(async () => {
  if (!REQUIRED) return;
  try {
    run = await startAgentProduct();
  } catch (error) {
    // Every test then fails with this reason, counted one by one, instead of the file failing once.
    startFailure = error;
    return;
  }
  openai = new OpenAI({ baseURL: run.v1, apiKey: run.token, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: run.url, apiKey: run.token, maxRetries: 0 });
}, 900_000);
beforeEach(() => {
  if (startFailure !== undefined) throw startFailure;
});
afterAll(async () => {
  await run?.product.stop();
});

describe.skipIf(!REQUIRED)(`openai SDK on real engines${REQUIRED ? '' : ` (${SKIPPED})`}`, () => {
  it('lists the served models', async () => {
    const ids: string[] = [];
    for await (const model of openai.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(['tiny-bigram', 'tiny-random', 'tiny-tool']));
  });

  it('chat without streaming: the model template applied, golden text, stop, usage', async () => {
    const reply = await openai.chat.completions.create({
      model: 'tiny-bigram',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Say something.' },
      ],
    });
    expect(reply.choices[0]?.message.content).toBe(BIGRAM_SENTENCE);
    expect(reply.choices[0]?.finish_reason).toBe('stop');
    expect(reply.usage?.prompt_tokens).toBeGreaterThan(5);
    expect(reply.usage?.completion_tokens).toBeGreaterThan(5);
  });

  it('chat streamed with include_usage gives the same text and usage last', async () => {
    const stream = await openai.chat.completions.create({
      model: 'tiny-bigram',
      messages: [{ role: 'user', content: 'Say something.' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(BIGRAM_SENTENCE);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
  });

  it('the same seed gives byte-identical output; another seed does not [DET]', async () => {
    const ask = async (seed: number) =>
      (
        await openai.chat.completions.create({
          model: 'tiny-random',
          messages: [{ role: 'user', content: 'Babble.' }],
          seed,
          max_tokens: 24,
        })
      ).choices[0]?.message.content;
    const first = await ask(11);
    expect(await ask(11)).toBe(first);
    expect(await ask(12)).not.toBe(first);
  });

  it('fill-in-the-middle over legacy completions uses the engine infill', async () => {
    const reply = await openai.completions.create({
      model: 'tiny-bigram',
      prompt: 'function greet() {\n  return',
      suffix: ';\n}\n',
      max_tokens: 16,
    });
    expect(reply.choices[0]?.text).toBe(BIGRAM_SENTENCE);
  });

  it('a tool call round trip with the tool model', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await openai.chat.completions.create({
      model: 'tiny-tool',
      messages,
      tools: [WEATHER_TOOL],
    });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' ? call.function.name : undefined).toBe('get_weather');
    expect(JSON.parse(call?.type === 'function' ? call.function.arguments : '{}')).toEqual({ city: 'Paris' });
    messages.push(first.choices[0]!.message, {
      role: 'tool',
      tool_call_id: call!.id,
      content: '{"temp_c": 18}',
    });
    const second = await openai.chat.completions.create({
      model: 'tiny-tool',
      messages,
      tools: [WEATHER_TOOL],
    });
    // The engine read the whole exchange: the prompt grew by the call and its result.
    expect(second.usage!.prompt_tokens).toBeGreaterThan(first.usage!.prompt_tokens + 10);
  });

  it('tool calls stream as deltas that assemble into the same call', async () => {
    const stream = await openai.chat.completions.create({
      model: 'tiny-tool',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [WEATHER_TOOL],
      stream: true,
    });
    let name = '';
    let args = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        name += delta.function?.name ?? '';
        args += delta.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(name).toBe('get_weather');
    expect(JSON.parse(args)).toEqual({ city: 'Paris' });
    expect(finish).toBe('tool_calls');
  });

  it('the Responses API streams what Codex CLI reads', async () => {
    const stream = await openai.responses.create({
      model: 'tiny-bigram',
      input: 'Say something.',
      stream: true,
    });
    const types: string[] = [];
    let text = '';
    let usage: OpenAI.Responses.ResponseUsage | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') usage = event.response.usage;
    }
    expect(types[0]).toBe('response.created');
    expect(types).toContain('response.output_item.added');
    expect(types.at(-1)).toBe('response.completed');
    expect(text).toBe(BIGRAM_SENTENCE);
    expect(usage?.output_tokens).toBeGreaterThan(0);
  });

  it('an AbortController cancels the task, counted as a client cancel', async () => {
    const before = await counter(run.api, 'tasks_canceled_total', { reason: 'client' });
    const controller = new AbortController();
    const stream = await openai.chat.completions.create(
      {
        model: 'tiny-random',
        messages: [{ role: 'user', content: 'Go on.' }],
        max_tokens: 4000,
        stream: true,
      },
      { signal: controller.signal },
    );
    let chunks = 0;
    try {
      for await (const _chunk of stream) if (++chunks === 3) controller.abort();
    } catch (error) {
      expect(error).toBeInstanceOf(OpenAI.APIUserAbortError);
    }
    await expect.poll(() => counter(run.api, 'tasks_canceled_total', { reason: 'client' })).toBe(before + 1);
    // The slot is free again: the next request on the one-replica pool starts at once.
    const next = await openai.chat.completions.create({
      model: 'tiny-random',
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 2,
    });
    expect(next.choices[0]?.finish_reason).toBe('length');
  });

  it('a full queue is a RateLimitError carrying retry-after', async () => {
    const long = () =>
      openai.chat.completions.create({
        model: 'tiny-random',
        messages: [{ role: 'user', content: 'Go on.' }],
        max_tokens: 4000,
        stream: true,
      });
    const running = await long(); // takes the one slot
    const queued = await long(); // fills the one-task queue
    const error = await long().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const headers = (error as InstanceType<typeof OpenAI.RateLimitError>).headers;
    expect(Number(headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
    running.controller.abort();
    queued.controller.abort();
  });

  it('an agent-sized request (50 KB, 12 tools, max_tokens far above the context) is clamped, not refused', async () => {
    const { system, tools } = agentSizedRequest();
    expect(JSON.stringify({ system, tools }).length).toBeGreaterThan(45_000);
    const stream = await openai.chat.completions.create({
      model: 'tiny-bigram',
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: 'Summarise the task lifecycle.' },
      ],
      tools,
      max_tokens: 32_000,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    // With tools offered, llama-server's tool-call parser trims the reply's leading space.
    expect(text.trim()).toBe(BIGRAM_SENTENCE.trim());
    expect(usage?.prompt_tokens).toBeGreaterThan(8_000);
  });

  it('a prompt longer than the context is a 400 naming both sizes', async () => {
    const huge = 'lorem ipsum dolor sit amet '.repeat(12_000);
    const error = await openai.chat.completions
      .create({ model: 'tiny-bigram', messages: [{ role: 'user', content: huge }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const { message, code } = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(code).toBe('context_length_exceeded');
    expect(message).toMatch(/prompt is \d+ tokens .* context of 32768 tokens/);
  });

  it('a wrong key is a PermissionDeniedError', async () => {
    const wrong = new OpenAI({ baseURL: run.v1, apiKey: 'not-the-token', maxRetries: 0 });
    expect(await wrong.models.list().catch((e: unknown) => e)).toBeInstanceOf(OpenAI.PermissionDeniedError);
  });
});

describe.skipIf(!REQUIRED)('anthropic SDK on real engines', () => {
  it('messages without streaming', async () => {
    const reply = await anthropic.messages.create({
      model: 'tiny-bigram',
      // The SDK itself refuses a non-streamed request whose max_tokens could run past 10 minutes.
      max_tokens: 4_096,
      system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'Say something.' }],
    });
    expect(reply.content[0]?.type === 'text' ? reply.content[0].text : '').toBe(BIGRAM_SENTENCE);
    expect(reply.stop_reason).toBe('end_turn');
    const counted = await anthropic.messages.countTokens({
      model: 'tiny-bigram',
      system: [{ type: 'text', text: 'You are terse.' }],
      messages: [{ role: 'user', content: 'Say something.' }],
    });
    expect(counted.input_tokens).toBe(reply.usage.input_tokens);
  });

  it('messages.stream() delivers the same text and a final message', async () => {
    const stream = anthropic.messages.stream({
      model: 'tiny-bigram',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'Say something.' }],
    });
    let text = '';
    stream.on('text', (piece) => (text += piece));
    const final = await stream.finalMessage();
    expect(text).toBe(BIGRAM_SENTENCE);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it('a tool_use round trip with the tool model', async () => {
    const tools = [
      {
        name: 'get_weather',
        description: 'Current weather for a city',
        input_schema: {
          type: 'object' as const,
          properties: { city: { type: 'string' } },
          required: ['city'],
        },
      },
    ];
    const first = await anthropic.messages.create({
      model: 'tiny-tool',
      max_tokens: 512,
      tools,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((b) => b.type === 'tool_use');
    expect(use?.type === 'tool_use' ? use.name : undefined).toBe('get_weather');
    expect(use?.type === 'tool_use' ? use.input : undefined).toEqual({ city: 'Paris' });
    const second = await anthropic.messages.create({
      model: 'tiny-tool',
      max_tokens: 512,
      tools,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: use?.type === 'tool_use' ? use.id : '', content: '18 C' },
          ],
        },
      ],
    });
    expect(second.usage.input_tokens).toBeGreaterThan(first.usage.input_tokens + 5);
  });
});

describe.skipIf(!REQUIRED)('Vercel AI SDK on real engines', () => {
  it('streamText through @ai-sdk/openai-compatible', async () => {
    const provider = createOpenAICompatible({ name: 'llorch', baseURL: run.v1, apiKey: run.token });
    const result = streamText({ model: provider('tiny-bigram'), prompt: 'Say something.' });
    let text = '';
    for await (const piece of result.textStream) text += piece;
    expect(text).toBe(BIGRAM_SENTENCE);
  });
});
