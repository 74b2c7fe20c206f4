// ORCHD-070: a streamed response as Responses SSE events, each with an `event:`
// line repeating its `type` and a `sequence_number` counting from 0. Order:
// response.created and response.in_progress; for the text, a message item
// (output_item.added, content_part.added, output_text.delta…, output_text.done,
// content_part.done, output_item.done); for each tool call, a function_call item
// (output_item.added with empty arguments, function_call_arguments.delta…,
// function_call_arguments.done, output_item.done); then response.completed or
// response.incomplete carrying the whole response and its usage. A task that
// fails sends an `error` event and then response.failed.
import type { OpenAiResponseStreamEvent } from '@llama-orch/contracts';
import type { StreamEvent } from '../streaming/stream-events.js';
import type { StartedTask } from './compat-task.js';
import { openAiErrorBody } from './protocol-errors.js';
import {
  functionCallItem,
  itemIdOf,
  messageItem,
  outputText,
  responseObject,
  statusOf,
  type ItemStatus,
  type OutputItem,
} from './responses-object.js';
import type { ResponseEcho } from './responses-request.js';
import { ToolCallBook, errorOf, usageOf, type AssembledToolCall } from './task-result.js';
import type { StreamEncoder } from './task-relay.js';

/** An event before the stream numbers it (each member of the union, without its sequence_number). */
type Unnumbered<E> = E extends unknown ? Omit<E, 'sequence_number'> : never;
type LifecycleType = Extract<OpenAiResponseStreamEvent, { response: unknown }>['type'];

interface OpenMessage {
  index: number;
  id: string;
  text: string;
}

interface OpenCall {
  index: number;
  id: string;
  call: AssembledToolCall;
}

export function responseEventEncoder(
  task: StartedTask,
  echo: ResponseEcho,
  onFinished: (output: readonly OutputItem[]) => void,
): StreamEncoder {
  let sequence = 0;
  const output: OutputItem[] = [];
  const book = new ToolCallBook(task.taskId);
  const calls: OpenCall[] = [];
  let message: OpenMessage | undefined;
  const event = (unnumbered: Unnumbered<OpenAiResponseStreamEvent>): string => {
    const { type, ...fields } = unnumbered;
    return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`;
  };
  const lifecycle = (type: LifecycleType, state: Parameters<typeof responseObject>[2]): string =>
    event({ type, response: responseObject(task, echo, state) });

  const openMessage = (): string => {
    const opened = { index: output.length, id: itemIdOf(task, 'msg', output.length), text: '' };
    message = opened;
    const item = messageItem(opened.id, '', 'in_progress');
    output.push(item);
    const at = { item_id: opened.id, output_index: opened.index, content_index: 0 };
    return (
      event({ type: 'response.output_item.added', output_index: opened.index, item }) +
      event({ type: 'response.content_part.added', ...at, part: outputText('') })
    );
  };
  const appendText = (delta: string): string => {
    if (message === undefined) return '';
    message.text += delta;
    const at = { item_id: message.id, output_index: message.index, content_index: 0 };
    return event({ type: 'response.output_text.delta', ...at, delta });
  };
  const closeMessage = (status: ItemStatus): string => {
    if (message === undefined) return '';
    const { index, id, text } = message;
    message = undefined;
    const item = messageItem(id, text, status);
    output[index] = item;
    const at = { item_id: id, output_index: index, content_index: 0 };
    return (
      event({ type: 'response.output_text.done', ...at, text }) +
      event({ type: 'response.content_part.done', ...at, part: outputText(text) }) +
      event({ type: 'response.output_item.done', output_index: index, item })
    );
  };
  const closeCalls = (status: ItemStatus): string =>
    calls
      .splice(0)
      .map(({ index, id, call }) => {
        const item = functionCallItem(id, call, status);
        output[index] = item;
        return (
          event({
            type: 'response.function_call_arguments.done',
            item_id: id,
            output_index: index,
            name: call.name,
            arguments: call.arguments,
          }) + event({ type: 'response.output_item.done', output_index: index, item })
        );
      })
      .join('');

  return {
    keepAlive: ': keep-alive\n\n',
    open: () =>
      lifecycle('response.created', { status: 'in_progress', output: [] }) +
      lifecycle('response.in_progress', { status: 'in_progress', output: [] }),
    encode(streamed: StreamEvent): string {
      switch (streamed.type) {
        case 'token':
          return (message === undefined ? openMessage() : '') + appendText(streamed.data.t);
        case 'tool_call': {
          let text = closeMessage('completed');
          const { call, opened } = book.add(streamed.data);
          if (opened) {
            const index = output.length;
            const id = itemIdOf(task, 'fc', index);
            calls.push({ index, id, call });
            const item = functionCallItem(id, { ...call, arguments: '' }, 'in_progress');
            output.push(item);
            text += event({ type: 'response.output_item.added', output_index: index, item });
          }
          const open = calls.find((c) => c.call === call);
          if (open === undefined || streamed.data.arguments === '') return text;
          return (
            text +
            event({
              type: 'response.function_call_arguments.delta',
              item_id: open.id,
              output_index: open.index,
              delta: streamed.data.arguments,
            })
          );
        }
        case 'error': {
          const { code, message: text, param } = openAiErrorBody(errorOf(streamed.data)).error;
          return (
            event({ type: 'error', code, message: text, param }) +
            lifecycle('response.failed', { status: 'failed', output, error: { code, message: text } })
          );
        }
        case 'end': {
          if (streamed.data.canceled === true) return '';
          const status = statusOf(streamed.data.stop_reason);
          let text = output.length === 0 ? openMessage() : '';
          text += closeMessage(status) + closeCalls(status);
          onFinished(output);
          const usage = usageOf(streamed.data, task.promptTokens);
          const type = status === 'incomplete' ? 'response.incomplete' : 'response.completed';
          return text + lifecycle(type, { status, output, usage });
        }
        default:
          return '';
      }
    },
  };
}
