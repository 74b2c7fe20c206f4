// ORCHD-069: a transcript with text and tool calls, encoded as Anthropic's
// whole message and as its SSE events; the official SDK's stream accumulator
// reads the events back into the same message. Driven by transcript events, so
// the edge cases (text then calls, a limit cutting a call, broken JSON, a stop
// sequence, a task error) are exact.
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { anthropicMessage } from '../src/compat/anthropic-message.js';
import type { MessagesOptions } from '../src/compat/anthropic-request.js';
import { messageEventEncoder } from '../src/compat/anthropic-stream.js';
import type { StartedTask } from '../src/compat/compat-task.js';
import { assemble } from '../src/compat/task-result.js';
import { createTranscript } from '../src/streaming/transcript.js';
import type { EndFrame, StreamEvent } from '../src/streaming/stream-events.js';
import { SseParser } from './support/sse-client.js';

const TASK_ID = '3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11';
const task: StartedTask = {
  taskId: TASK_ID,
  model: 'coder',
  transcript: createTranscript(TASK_ID),
  created: 0,
  promptTokens: 40,
  headers: {},
};
const plain: MessagesOptions = { stream: true, stopSequences: [] };

const end = (data: Partial<EndFrame>): StreamEvent => ({
  type: 'end',
  data: { tokens_out: 9, decode_ms: 1, tokens_in: 38, ...data },
});
const TOOL_TURN: StreamEvent[] = [
  { type: 'started', data: { queue_position: 0, predicted_start_ms: 0 } },
  { type: 'token', data: { t: 'Let me ', i: 0 } },
  { type: 'token', data: { t: 'look.', i: 1 } },
  { type: 'tool_call', data: { index: 0, id: 'call_a', name: 'Bash', arguments: '' } },
  { type: 'tool_call', data: { index: 0, arguments: '{"command":' } },
  { type: 'tool_call', data: { index: 0, arguments: '"ls"}' } },
  { type: 'tool_call', data: { index: 1, id: 'call_b', name: 'Read', arguments: '{"path":"a"}' } },
  end({ stop_reason: 'tool_calls' }),
];

function encode(events: readonly StreamEvent[], options = plain): string {
  const encoder = messageEventEncoder(task, options);
  return encoder.open() + events.map((e) => encoder.encode(e)).join('');
}

/** The Anthropic SDK reading our SSE text as if a server had sent it. */
function sdkOver(sse: string): Anthropic {
  return new Anthropic({
    apiKey: 'k',
    maxRetries: 0,
    fetch: () =>
      Promise.resolve(new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } })),
  });
}
const request = { model: 'coder', max_tokens: 64, messages: [{ role: 'user' as const, content: 'x' }] };

describe('Anthropic tool_use encoding', () => {
  it('answers a whole message with text and tool_use blocks and stop_reason tool_use', () => {
    const message = anthropicMessage(task, assemble(TASK_ID, TOOL_TURN, 40), plain);
    expect(message).toEqual({
      id: `msg_${TASK_ID}`,
      type: 'message',
      role: 'assistant',
      model: 'coder',
      content: [
        { type: 'text', text: 'Let me look.' },
        { type: 'tool_use', id: 'call_a', name: 'Bash', input: { command: 'ls' } },
        { type: 'tool_use', id: 'call_b', name: 'Read', input: { path: 'a' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 38, output_tokens: 9 },
    });
  });

  it('streams one block at a time, each started, filled and stopped', () => {
    const parser = new SseParser();
    parser.push(encode(TOOL_TURN));
    const shape = parser.messages.map((m) => {
      const data = JSON.parse(m.data) as { type: string; index?: number; delta?: { type: string } };
      expect(data.type).toBe(m.event);
      return [m.event, data.index ?? data.delta?.type ?? ''].join(':');
    });
    expect(shape).toEqual([
      'message_start:',
      'content_block_start:0',
      'content_block_delta:0',
      'content_block_delta:0',
      'content_block_stop:0',
      'content_block_start:1',
      'content_block_delta:1',
      'content_block_delta:1',
      'content_block_stop:1',
      'content_block_start:2',
      'content_block_delta:2',
      'content_block_stop:2',
      'message_delta:',
      'message_stop:',
    ]);
  });

  it("the SDK's stream accumulator builds the same message as the whole reply", async () => {
    const whole = anthropicMessage(task, assemble(TASK_ID, TOOL_TURN, 40), plain);
    const final = await sdkOver(encode(TOOL_TURN)).messages.stream(request).finalMessage();
    expect(final).toMatchObject(whole as object);
  });

  it('a reply cut by the limit ends with max_tokens even after a tool call; bad JSON input is {}', () => {
    const events: StreamEvent[] = [
      { type: 'tool_call', data: { index: 0, id: 'call_c', name: 'Bash', arguments: '{"comm' } },
      end({ stop_reason: 'limit' }),
    ];
    const message = anthropicMessage(task, assemble(TASK_ID, events, 40), plain) as Record<string, unknown>;
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.content).toEqual([{ type: 'tool_use', id: 'call_c', name: 'Bash', input: {} }]);
    expect(encode(events)).toContain('"stop_reason":"max_tokens"');
  });

  it('names the stop sequence only when a single one was sent', async () => {
    const events: StreamEvent[] = [
      { type: 'token', data: { t: 'a', i: 0 } },
      end({ stop_reason: 'stop_word' }),
    ];
    const one = { stream: true, stopSequences: ['END'] };
    const two = { stream: true, stopSequences: ['END', 'STOP'] };
    const final = await sdkOver(encode(events, one)).messages.stream(request).finalMessage();
    expect(final.stop_reason).toBe('stop_sequence');
    expect(final.stop_sequence).toBe('END');
    const whole = anthropicMessage(task, assemble(TASK_ID, events, 40), two) as Record<string, unknown>;
    expect(whole.stop_reason).toBe('stop_sequence');
    expect(whole.stop_sequence).toBeNull();
  });

  it('a task error mid-stream is an error event the SDK raises as an APIError', async () => {
    const events: StreamEvent[] = [
      { type: 'token', data: { t: 'a', i: 0 } },
      { type: 'error', data: { code: 'WORKER_RESET', message: 'engine reset mid-stream', retriable: true } },
    ];
    const text = encode(events);
    expect(text).toContain('event: error\ndata: {"type":"error","error":{"type":"api_error"');
    expect(text).not.toContain('message_stop');
    const error = await sdkOver(text)
      .messages.stream(request)
      .finalMessage()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).message).toMatch(/engine reset mid-stream/);
  });

  it('a canceled task writes nothing more; the keep-alive is a ping event', () => {
    const encoder = messageEventEncoder(task, plain);
    expect(encoder.encode(end({ canceled: true, reason: 'client' }))).toBe('');
    expect(encoder.keepAlive).toBe('event: ping\ndata: {"type": "ping"}\n\n');
  });
});
