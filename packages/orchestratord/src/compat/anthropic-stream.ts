// ORCHD-069: a task's transcript as Anthropic's named SSE events:
// message_start; then content blocks in order, text (text_delta) and one per
// tool call (tool_use, input_json_delta), each opened with content_block_start
// and closed with content_block_stop before the next opens; then
// message_delta (stop reason, stop sequence, usage) and message_stop. `ping`
// keeps the connection open while the task waits; a task that fails sends
// `error` with Anthropic's error body instead of the rest.
import type { AnthropicStreamEvent, CompatSchemas } from '@llama-orch/contracts';
import type { StreamEvent, ToolCallFrame } from '../streaming/stream-events.js';
import { messageHead, stopReasonOf, stopSequenceOf } from './anthropic-message.js';
import type { MessagesOptions } from './anthropic-request.js';
import type { StartedTask } from './compat-task.js';
import { anthropicErrorBody } from './protocol-errors.js';
import { ToolCallBook, errorOf, usageOf } from './task-result.js';
import type { StreamEncoder } from './task-relay.js';

type OutputBlock = CompatSchemas['AnthropicOutputBlock'];
type MessageDelta = CompatSchemas['AnthropicMessageDeltaEvent'];

/** What Anthropic's SDK skips: an event named ping. */
export const PING = 'event: ping\ndata: {"type": "ping"}\n\n';

const sse = (event: AnthropicStreamEvent): string =>
  `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

export function messageEventEncoder(task: StartedTask, options: MessagesOptions): StreamEncoder {
  const book = new ToolCallBook(task.taskId);
  /** Block index of each tool call, by the engine's call index. */
  const toolBlocks = new Map<number, number>();
  let open: { index: number; type: OutputBlock['type'] } | undefined;
  let blocks = 0;

  const close = (): string => {
    if (open === undefined) return '';
    const text = sse({ type: 'content_block_stop', index: open.index });
    open = undefined;
    return text;
  };
  const start = (block: OutputBlock): string => {
    const closed = close();
    open = { index: blocks, type: block.type };
    blocks += 1;
    return closed + sse({ type: 'content_block_start', index: open.index, content_block: block });
  };

  const text = (piece: string): string => {
    if (piece === '') return '';
    const head = open?.type === 'text' ? '' : start({ type: 'text', text: '' });
    const index = open?.index ?? 0;
    return head + sse({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
  };

  const toolCall = (frame: ToolCallFrame): string => {
    const { call, opened } = book.add(frame);
    let head = '';
    if (opened) {
      head = start({ type: 'tool_use', id: call.id, name: call.name, input: {} });
      toolBlocks.set(frame.index, open?.index ?? 0);
    }
    // A late piece of an earlier call keeps that call's block index; clients accumulate by index.
    const index = toolBlocks.get(frame.index) ?? 0;
    if (frame.arguments === '') return head;
    const delta = { type: 'input_json_delta' as const, partial_json: frame.arguments };
    return head + sse({ type: 'content_block_delta', index, delta });
  };

  return {
    keepAlive: PING,
    open: () => sse({ type: 'message_start', message: messageHead(task) }),
    encode(event: StreamEvent): string {
      switch (event.type) {
        case 'token':
          return text(event.data.t);
        case 'tool_call':
          return toolCall(event.data);
        case 'error':
          return sse(anthropicErrorBody(errorOf(event.data)));
        case 'end': {
          if (event.data.canceled === true) return '';
          const usage = usageOf(event.data, task.promptTokens);
          const reason = stopReasonOf(event.data.stop_reason, toolBlocks.size > 0);
          const delta: MessageDelta = {
            type: 'message_delta',
            delta: { stop_reason: reason, stop_sequence: stopSequenceOf(reason, options) },
            // The engine's prompt count: the SDKs' accumulators take it over message_start's.
            usage: { input_tokens: usage.prompt, output_tokens: usage.completion },
          };
          return close() + sse(delta) + sse({ type: 'message_stop' });
        }
        default:
          return '';
      }
    },
  };
}
