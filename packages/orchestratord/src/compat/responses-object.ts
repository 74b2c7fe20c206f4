// ORCHD-070: the Responses `response` object and its output items, shared by the
// whole reply and the stream's lifecycle events so both always say the same. A
// response's id is `resp_` plus its task id; the output is the assistant's text
// as one message item and each tool call as a function_call item. A reply cut
// by the token limit is `incomplete` with reason max_output_tokens.
import type { CompatSchemas, OpenAiResponse, OpenAiResponseOutputItem } from '@llama-orch/contracts';
import type { ChatMessage } from '@llama-orch/worker-adapters';
import type { EndFrame } from '../streaming/stream-events.js';
import type { StartedTask } from './compat-task.js';
import type { ResponseEcho } from './responses-request.js';
import type { AssembledToolCall, TaskResult } from './task-result.js';

export type ResponseStatus = OpenAiResponse['status'];
export type MessageItem = CompatSchemas['OpenAiResponseOutputMessage'];
export type ItemStatus = MessageItem['status'];
export type FunctionCallItem = CompatSchemas['OpenAiResponseFunctionCall'];
export type OutputItem = OpenAiResponseOutputItem;
type OutputText = CompatSchemas['OpenAiResponseOutputText'];

export interface Usage {
  prompt: number;
  completion: number;
}

export const responseIdOf = (task: StartedTask): string => `resp_${task.taskId}`;

/** Item ids carry the output index, so a text item after a tool call still has its own. */
export function itemIdOf(task: StartedTask, kind: 'msg' | 'fc', outputIndex: number): string {
  return `${kind}_${task.taskId.replaceAll('-', '')}_${outputIndex}`;
}

export function statusOf(stop: EndFrame['stop_reason']): 'completed' | 'incomplete' {
  return stop === 'limit' ? 'incomplete' : 'completed';
}

export function messageItem(id: string, text: string, status: ItemStatus): MessageItem {
  return { type: 'message', id, status, role: 'assistant', content: [outputText(text)] };
}

export function outputText(text: string): OutputText {
  return { type: 'output_text', text, annotations: [] };
}

export function functionCallItem(id: string, call: AssembledToolCall, status: ItemStatus): FunctionCallItem {
  return { type: 'function_call', id, call_id: call.id, name: call.name, arguments: call.arguments, status };
}

/** The output of a finished task: its text (unless it only called tools), then its calls. */
export function outputOf(task: StartedTask, result: TaskResult): OutputItem[] {
  const status = statusOf(result.stopReason);
  const items: OutputItem[] = [];
  if (result.text !== '' || result.toolCalls.length === 0) {
    // A message the model went on from to call tools was finished, whatever came after it.
    const textStatus = result.toolCalls.length > 0 ? 'completed' : status;
    items.push(messageItem(itemIdOf(task, 'msg', 0), result.text, textStatus));
  }
  for (const call of result.toolCalls) {
    items.push(functionCallItem(itemIdOf(task, 'fc', items.length), call, status));
  }
  return items;
}

/** The assistant turn an output adds to the conversation, for previous_response_id. */
export function assistantTurn(output: readonly OutputItem[]): ChatMessage {
  const text = output.flatMap((item) => (item.type === 'message' ? item.content.map((c) => c.text) : []));
  const calls = output.flatMap((item) =>
    item.type === 'function_call'
      ? [
          {
            id: item.call_id,
            type: 'function' as const,
            function: { name: item.name, arguments: item.arguments },
          },
        ]
      : [],
  );
  const content = text.join('');
  return calls.length === 0
    ? { role: 'assistant', content }
    : { role: 'assistant', content: content === '' ? null : content, tool_calls: calls };
}

export function responseObject(
  task: StartedTask,
  echo: ResponseEcho,
  state: {
    status: ResponseStatus;
    output: OutputItem[];
    usage?: Usage;
    error?: NonNullable<OpenAiResponse['error']>;
  },
): OpenAiResponse {
  const { usage } = state;
  return {
    id: responseIdOf(task),
    object: 'response',
    created_at: task.created,
    status: state.status,
    model: task.model,
    output: state.output,
    usage:
      usage === undefined
        ? null
        : {
            input_tokens: usage.prompt,
            input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
            output_tokens: usage.completion,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: usage.prompt + usage.completion,
          },
    error: state.error ?? null,
    incomplete_details: state.status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    reasoning: null,
    truncation: 'disabled',
    ...echo,
  };
}
