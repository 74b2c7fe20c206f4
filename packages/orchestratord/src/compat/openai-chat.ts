// ORCHD-066, ORCHD-067: POST /v1/chat/completions. The request becomes a `chat`
// task; the reply is the task's transcript encoded as a `chat.completion` object
// or as `chat.completion.chunk` SSE frames ending in `data: [DONE]`.
import type { StreamEvent } from '../streaming/stream-events.js';
import type { Generation, StartedTask } from './compat-task.js';
import {
  badField,
  bodyOf,
  chatMessages,
  optionalInteger,
  optionalNumber,
  refuseUnsupported,
  stopOf,
} from './openai-fields.js';
import { protocolErrorBody } from './protocol-errors.js';
import { ToolCallBook, errorOf, usageOf, type TaskResult } from './task-result.js';
import type { StreamEncoder } from './task-relay.js';

export interface ChatOptions {
  stream: boolean;
  includeUsage: boolean;
}

export function parseChatRequest(raw: unknown): { generation: Generation; options: ChatOptions } {
  const body = bodyOf(raw);
  refuseUnsupported(body);
  const maxTokens =
    optionalInteger(body, 'max_completion_tokens', 1) ?? optionalInteger(body, 'max_tokens', 1);
  const streamOptions = body.stream_options as { include_usage?: unknown } | null | undefined;
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') {
    throw badField('stream', 'a boolean');
  }
  const generation: Generation = {
    model: body.model,
    workload: 'chat',
    messages: chatMessages(body.messages),
  };
  if (Array.isArray(body.tools) && body.tools.length > 0)
    generation.tools = body.tools as Generation['tools'];
  if (body.tool_choice !== undefined && body.tool_choice !== null && generation.tools !== undefined) {
    generation.tool_choice = body.tool_choice as Generation['tool_choice'];
  }
  if (body.response_format !== undefined && body.response_format !== null) {
    generation.response_format = body.response_format as Generation['response_format'];
  }
  const stop = stopOf(body.stop);
  if (stop !== undefined) generation.stop = stop;
  if (maxTokens !== undefined) generation.max_tokens = maxTokens;
  const seed = optionalInteger(body, 'seed', 0);
  if (seed !== undefined) generation.seed = seed;
  const temperature = optionalNumber(body, 'temperature', 0, 2);
  if (temperature !== undefined) generation.temperature = temperature;
  const topP = optionalNumber(body, 'top_p', 0, 1);
  if (topP !== undefined && topP > 0) generation.top_p = topP;
  return {
    generation,
    options: { stream: body.stream === true, includeUsage: streamOptions?.include_usage === true },
  };
}

const FINISH: Record<string, string> = {
  eos: 'stop',
  stop_word: 'stop',
  limit: 'length',
  tool_calls: 'tool_calls',
};

export function finishReason(stop: string | undefined): string {
  return FINISH[stop ?? 'eos'] ?? 'stop';
}

const completionId = (task: StartedTask): string => `chatcmpl-${task.taskId}`;

export function chatCompletion(task: StartedTask, result: TaskResult): unknown {
  const toolCalls = result.toolCalls.map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  }));
  return {
    id: completionId(task),
    object: 'chat.completion',
    created: task.created,
    model: task.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: result.text === '' && toolCalls.length > 0 ? null : result.text,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          refusal: null,
        },
        logprobs: null,
        finish_reason: toolCalls.length > 0 ? 'tool_calls' : finishReason(result.stopReason),
      },
    ],
    usage: {
      prompt_tokens: result.promptTokens,
      completion_tokens: result.completionTokens,
      total_tokens: result.promptTokens + result.completionTokens,
    },
  };
}

const data = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

export function chatChunkEncoder(task: StartedTask, options: ChatOptions): StreamEncoder {
  const book = new ToolCallBook(task.taskId);
  let sawToolCall = false;
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
    data({
      id: completionId(task),
      object: 'chat.completion.chunk',
      created: task.created,
      model: task.model,
      choices,
      ...extra,
    });
  const delta = (value: Record<string, unknown>, finish: string | null = null): string =>
    chunk([{ index: 0, delta: value, logprobs: null, finish_reason: finish }]);
  return {
    keepAlive: ': keep-alive\n\n',
    open: () => delta({ role: 'assistant', content: '' }),
    encode(event: StreamEvent): string {
      switch (event.type) {
        case 'token':
          return delta({ content: event.data.t });
        case 'tool_call': {
          sawToolCall = true;
          const { call, opened } = book.add(event.data);
          const fn = opened
            ? { name: call.name, arguments: event.data.arguments }
            : { arguments: event.data.arguments };
          const entry = {
            index: event.data.index,
            ...(opened ? { id: call.id, type: 'function' } : {}),
            function: fn,
          };
          return delta({ tool_calls: [entry] });
        }
        case 'error':
          return data(protocolErrorBody('openai', errorOf(event.data)));
        case 'end': {
          if (event.data.canceled === true) return '';
          const finish = sawToolCall ? 'tool_calls' : finishReason(event.data.stop_reason);
          let text = delta({}, finish);
          if (options.includeUsage) {
            const usage = usageOf(event.data, task.promptTokens);
            text += chunk([], {
              usage: {
                prompt_tokens: usage.prompt,
                completion_tokens: usage.completion,
                total_tokens: usage.prompt + usage.completion,
              },
            });
          }
          return `${text}data: [DONE]\n\n`;
        }
        default:
          return '';
      }
    },
  };
}
