// ORCHD-069, ORCHD-064: the official `@anthropic-ai/sdk` against the daemon over
// mock engines (real sockets, real admission): a whole message, a stream and its
// event order, token counting, a tool_result follow-up, and a request shaped
// like Claude Code's (beta route and headers, system blocks with cache_control,
// thinking, context management, max_tokens 32000), accepted and clamped.
import Anthropic from '@anthropic-ai/sdk';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, startTestDaemon } from './support/harness.js';
import { SseParser } from './support/sse-client.js';

const SCRIPT = [' the', ' quick', ' brown', ' fox'];
const CTX = 320;
const TOOLS = [
  {
    name: 'Bash',
    description: 'Run a shell command.',
    input_schema: {
      type: 'object' as const,
      properties: { command: { type: 'string' } },
      required: ['command'],
    },
  },
];

describe('anthropic SDK against the agents front door', () => {
  let daemon: Awaited<ReturnType<typeof startTestDaemon>>;
  let client: Anthropic;

  beforeAll(async () => {
    daemon = await startTestDaemon({
      pools: [
        { id: 'golden', model: 'golden', replicas: [createMockAdapter({ script: SCRIPT })] },
        { id: 'babble', model: 'babble', replicas: [createMockAdapter({ ctxMax: CTX })] },
      ],
    });
    client = new Anthropic({ baseURL: daemon.url, apiKey: TOKEN, maxRetries: 0 });
  });
  afterAll(async () => daemon?.stop());

  it('answers a message with the engine text, end_turn and usage', async () => {
    const message = await client.messages.create({
      model: 'golden',
      max_tokens: 64,
      system: 'be brief',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.id).toMatch(/^msg_/);
    expect(message.role).toBe('assistant');
    expect(message.model).toBe('golden');
    expect(message.content).toEqual([{ type: 'text', text: SCRIPT.join('') }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.stop_sequence).toBeNull();
    expect(message.usage.output_tokens).toBe(SCRIPT.length);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
  });

  it('streams the named events in order and finalMessage() holds the same text', async () => {
    const stream = client.messages.stream({
      model: 'golden',
      max_tokens: 64,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
    const order: string[] = [];
    for await (const event of stream) order.push(event.type);
    const final = await stream.finalMessage();
    expect(order[0]).toBe('message_start');
    expect(order.slice(1, 2)).toEqual(['content_block_start']);
    expect(order.filter((t) => t === 'content_block_delta')).toHaveLength(SCRIPT.length);
    expect(order.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(final.content).toEqual([{ type: 'text', text: SCRIPT.join('') }]);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBe(SCRIPT.length);
  });

  it('limits the reply to max_tokens and says so', async () => {
    const message = await client.messages.create({
      model: 'babble',
      max_tokens: 3,
      messages: [{ role: 'user', content: 'go' }],
    });
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(3);
  });

  it('counts tokens as admission does, without running a task', async () => {
    const body = {
      model: 'golden',
      system: 'You are a coding agent.',
      messages: [{ role: 'user' as const, content: 'List the project files.' }],
      tools: TOOLS,
    };
    const before = daemon.dataPlane.taskCount();
    const counted = await client.messages.countTokens(body);
    expect(counted.input_tokens).toBeGreaterThan(0);
    expect(daemon.dataPlane.taskCount()).toBe(before);
    const stream = client.messages.stream({ ...body, max_tokens: 8 });
    let admitted: number | undefined;
    stream.on('streamEvent', (event) => {
      if (event.type === 'message_start') admitted = event.message.usage.input_tokens;
    });
    await stream.finalMessage();
    expect(admitted).toBe(counted.input_tokens);
  });

  it('accepts a tool_result follow-up to a tool_use turn', async () => {
    const message = await client.messages.create({
      model: 'golden',
      max_tokens: 64,
      tools: TOOLS,
      tool_choice: { type: 'auto' },
      messages: [
        { role: 'user', content: 'List the project files.' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Running ls.' },
            { type: 'tool_use', id: 'toolu_0', name: 'Bash', input: { command: 'ls' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_0', content: 'README.md\npackage.json' },
            { type: 'text', text: 'What is there?' },
          ],
        },
      ],
    });
    expect(message.content).toEqual([{ type: 'text', text: SCRIPT.join('') }]);
    expect(message.stop_reason).toBe('end_turn');
  });

  it("accepts a request shaped like Claude Code's and clamps max_tokens to the context", async () => {
    const reminder = `<system-reminder>\n${'Project notes. '.repeat(40)}\n</system-reminder>`;
    const body = {
      model: 'babble',
      max_tokens: 32000,
      stream: true,
      system: [
        { type: 'text', text: 'x-billing-line: changes per request' },
        { type: 'text', text: 'You are an interactive CLI agent.', cache_control: { type: 'ephemeral' } },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: reminder },
            { type: 'text', text: 'List the files.', cache_control: { type: 'ephemeral' } },
          ],
        },
      ],
      tools: TOOLS,
      metadata: { user_id: JSON.stringify({ device_id: 'd', session_id: 's' }) },
      thinking: { type: 'adaptive' },
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      output_config: { effort: 'medium' },
    };
    const response = await fetch(`${daemon.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: `Bearer ${TOKEN}`,
        'anthropic-version': '2023-06-01',
        'anthropic-beta':
          'claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27',
        'anthropic-dangerous-direct-browser-access': 'true',
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-llorch-task-id')).toMatch(/^[0-9a-f-]{36}$/);
    const parser = new SseParser();
    parser.push(await response.text());
    const events = parser.messages.filter((m) => m.event !== 'ping');
    expect(events[0]?.event).toBe('message_start');
    expect(events.at(-1)?.event).toBe('message_stop');
    const start = JSON.parse(events[0]?.data ?? '{}') as { message: { usage: { input_tokens: number } } };
    const delta = JSON.parse(events.at(-2)?.data ?? '{}') as {
      type: string;
      delta: { stop_reason: string };
      usage: { input_tokens: number; output_tokens: number };
    };
    expect(delta.type).toBe('message_delta');
    expect(delta.usage.input_tokens).toBeGreaterThan(0);
    expect(delta.delta.stop_reason).toBe('max_tokens');
    expect(delta.usage.output_tokens).toBeGreaterThan(0);
    expect(start.message.usage.input_tokens + delta.usage.output_tokens).toBeLessThanOrEqual(CTX);
  });
});
