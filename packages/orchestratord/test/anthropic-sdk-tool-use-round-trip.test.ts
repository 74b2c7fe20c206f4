// ORCHD-069: a tool_use round trip through the official `@anthropic-ai/sdk`
// against a mock engine configured to call a tool: the model's call comes back
// as a tool_use block (whole and streamed, the same either way), and the
// follow-up carrying the agent's tool_result is accepted, reaches the engine's
// prompt and is counted by count_tokens exactly as the engine counts it.
import Anthropic from '@anthropic-ai/sdk';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, startTestDaemon } from './support/harness.js';

const ANSWER = [' It', ' is', ' 18', ' C.'];
const TOOLS = [
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
const ASK = { role: 'user' as const, content: 'Weather in Paris?' };

describe('anthropic SDK tool_use round trip', () => {
  let daemon: Awaited<ReturnType<typeof startTestDaemon>>;
  let client: Anthropic;

  beforeAll(async () => {
    const engine = createMockAdapter({
      script: ANSWER,
      toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }],
    });
    daemon = await startTestDaemon({ pools: [{ id: 'tool', model: 'tiny-tool', replicas: [engine] }] });
    client = new Anthropic({ baseURL: daemon.url, apiKey: TOKEN, maxRetries: 0 });
  });
  afterAll(async () => daemon?.stop());

  it('answers the call as a tool_use block, whole and streamed alike', async () => {
    const body = { model: 'tiny-tool', max_tokens: 256, tools: TOOLS, messages: [ASK] };
    const whole = await client.messages.create(body);
    expect(whole.stop_reason).toBe('tool_use');
    expect(whole.content).toEqual([
      {
        type: 'tool_use',
        id: expect.stringMatching(/^call_/) as unknown,
        name: 'get_weather',
        input: { city: 'Paris' },
      },
    ]);
    const stream = client.messages.stream(body);
    const deltas: string[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta') deltas.push(event.delta.type);
    });
    const final = await stream.finalMessage();
    expect(deltas.length).toBeGreaterThan(1);
    expect(new Set(deltas)).toEqual(new Set(['input_json_delta']));
    expect(final.content).toEqual(whole.content);
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage).toMatchObject(whole.usage);
  });

  it('accepts the tool_result follow-up, which the engine sees and count_tokens counts', async () => {
    const first = await client.messages.create({
      model: 'tiny-tool',
      max_tokens: 256,
      tools: TOOLS,
      messages: [ASK],
    });
    const use = first.content.find((block) => block.type === 'tool_use');
    const followUp = {
      model: 'tiny-tool',
      tools: TOOLS,
      tool_choice: { type: 'none' as const },
      messages: [
        ASK,
        { role: 'assistant' as const, content: first.content },
        {
          role: 'user' as const,
          content: [{ type: 'tool_result' as const, tool_use_id: use?.id ?? '', content: '18 C' }],
        },
      ],
    };
    const second = await client.messages.create({ ...followUp, max_tokens: 256 });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content).toEqual([{ type: 'text', text: ANSWER.join('') }]);
    expect(second.usage.input_tokens).toBeGreaterThan(first.usage.input_tokens);
    const counted = await client.messages.countTokens(followUp);
    expect(counted.input_tokens).toBe(second.usage.input_tokens);
  });
});
