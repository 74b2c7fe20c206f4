// ORCHD-069: a finished task as an Anthropic `message`: its text as one text
// block, each tool call as a tool_use block, why it stopped and the usage. The
// streamed events use the same stop-reason and stop-sequence rules, so a
// stream's final message and the whole reply always agree.
import type { AnthropicMessage, AnthropicStopReason, CompatSchemas } from '@llama-orch/contracts';
import type { EndFrame } from '../streaming/stream-events.js';
import type { MessagesOptions } from './anthropic-request.js';
import type { StartedTask } from './compat-task.js';
import type { TaskResult } from './task-result.js';

type OutputBlock = CompatSchemas['AnthropicOutputBlock'];

const STOP_REASONS: Readonly<Record<NonNullable<EndFrame['stop_reason']>, AnthropicStopReason>> = {
  eos: 'end_turn',
  limit: 'max_tokens',
  stop_word: 'stop_sequence',
  tool_calls: 'tool_use',
};

/**
 * Why a reply stopped. A reply that called tools hands over to them (tool_use),
 * unless the limit cut it short: then its last call may be incomplete, and
 * max_tokens says so, as Anthropic's own API does.
 */
export function stopReasonOf(stop: EndFrame['stop_reason'], calledTools: boolean): AnthropicStopReason {
  if (stop === 'limit') return 'max_tokens';
  if (calledTools) return 'tool_use';
  return STOP_REASONS[stop ?? 'eos'];
}

/**
 * The stop sequence that ended the reply. Engines stop before a sequence and do
 * not say which one matched, so it is known only when a single one was sent.
 */
export function stopSequenceOf(reason: AnthropicStopReason, options: MessagesOptions): string | null {
  if (reason !== 'stop_sequence' || options.stopSequences.length !== 1) return null;
  return options.stopSequences[0] ?? null;
}

/**
 * A tool call's input object. Engines parse the model's calls, so the text is
 * JSON nearly always; when it is not an object, the input is `{}` and the
 * agent's own schema check tells the model which arguments it left out.
 */
export function toolInputOf(args: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(args);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // not JSON: fall through to the empty input
  }
  return {};
}

export const messageId = (task: StartedTask): string => `msg_${task.taskId}`;

/** The reply as it stands before anything is generated: a stream's message_start carries it. */
export function messageHead(task: StartedTask): AnthropicMessage {
  return {
    id: messageId(task),
    type: 'message',
    role: 'assistant',
    model: task.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: task.promptTokens, output_tokens: 0 },
  };
}

export function anthropicMessage(
  task: StartedTask,
  result: TaskResult,
  options: MessagesOptions,
): AnthropicMessage {
  const content: OutputBlock[] = [];
  if (result.text !== '') content.push({ type: 'text', text: result.text });
  for (const call of result.toolCalls) {
    content.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInputOf(call.arguments) });
  }
  const stopReason = stopReasonOf(result.stopReason, result.toolCalls.length > 0);
  return {
    id: messageId(task),
    type: 'message',
    role: 'assistant',
    model: task.model,
    content,
    stop_reason: stopReason,
    stop_sequence: stopSequenceOf(stopReason, options),
    usage: { input_tokens: result.promptTokens, output_tokens: result.completionTokens },
  };
}
