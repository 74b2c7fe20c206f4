// ORCHD-066, ORCHD-067: POST /v1/chat/completions. The request becomes a `chat`
// task; the reply is the task's transcript encoded as a `chat.completion` object
// or as `chat.completion.chunk` SSE frames ending in `data: [DONE]`.
import type {
  OpenAiChatCompletion,
  OpenAiChatCompletionChunk,
  OpenAiChatCompletionRequest,
  OpenAiError,
  OpenAiFinishReason,
  OpenAiUsage,
} from '@llama-orch/contracts';
import type { EndFrame, StreamEvent } from '../streaming/stream-events.js';
import type { Generation, StartedTask } from './compat-task.js';
import {
  badField,
  bodyOf,
  chatMessages,
  includeUsageOf,
  optionalInteger,
  refuseUnsupported,
  stopOf,
  type RefusedOpenAiFields,
  type Unchecked,
  samplingOf,
} from './openai-fields.js';
import { openAiErrorBody } from './protocol-errors.js';
import { ToolCallBook, errorOf, usageOf, type TaskResult } from './task-result.js';
import type { StreamEncoder } from './task-relay.js';

export interface ChatOptions {
  stream: boolean;
  includeUsage: boolean;
}

type ChatBody = Unchecked<OpenAiChatCompletionRequest & RefusedOpenAiFields>;

export function parseChatRequest(raw: unknown): { generation: Generation; options: ChatOptions } {
  const body: ChatBody = bodyOf(raw);
  refuseUnsupported(body);
  const maxTokens =
    optionalInteger(body, 'max_completion_tokens', 1) ?? optionalInteger(body, 'max_tokens', 1);
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') {
    throw badField('stream', 'a boolean');
  }
  const generation: Generation = {
    model: body.model,
    workload: 'chat',
    messages: chatMessages(body.messages),
  };
  // tools, tool_choice and response_format go on as sent: the task body's own validation checks them.
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
  Object.assign(generation, samplingOf(body));
  return {
    generation,
    options: { stream: body.stream === true, includeUsage: includeUsageOf(body.stream_options) },
  };
}

const FINISH: Readonly<Record<NonNullable<EndFrame['stop_reason']>, OpenAiFinishReason>> = {
  eos: 'stop',
  stop_word: 'stop',
  limit: 'length',
  tool_calls: 'tool_calls',
};

export function finishReason(stop: EndFrame['stop_reason']): OpenAiFinishReason {
  return FINISH[stop ?? 'eos'];
}

export function usageFigures(prompt: number, completion: number): OpenAiUsage {
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

const completionId = (task: StartedTask): string => `chatcmpl-${task.taskId}`;

type AssistantMessage = OpenAiChatCompletion['choices'][number]['message'];

export function chatCompletion(task: StartedTask, result: TaskResult): OpenAiChatCompletion {
  const toolCalls = result.toolCalls.map((call) => ({
    id: call.id,
    type: 'function' as const,
    function: { name: call.name, arguments: call.arguments },
  }));
  const message: AssistantMessage = {
    role: 'assistant',
    content: result.text === '' && toolCalls.length > 0 ? null : result.text,
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    refusal: null,
  };
  return {
    id: completionId(task),
    object: 'chat.completion',
    created: task.created,
    model: task.model,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: toolCalls.length > 0 ? 'tool_calls' : finishReason(result.stopReason),
      },
    ],
    usage: usageFigures(result.promptTokens, result.completionTokens),
  };
}

type ChunkChoice = OpenAiChatCompletionChunk['choices'][number];
type Delta = ChunkChoice['delta'];

const data = (value: OpenAiChatCompletionChunk | OpenAiError): string => `data: ${JSON.stringify(value)}\n\n`;

export function chatChunkEncoder(task: StartedTask, options: ChatOptions): StreamEncoder {
  const book = new ToolCallBook(task.taskId);
  let sawToolCall = false;
  // With include_usage every chunk but the usage one carries `usage: null`.
  const chunk = (choices: ChunkChoice[], usage: OpenAiUsage | null = null): string => {
    const frame: OpenAiChatCompletionChunk = {
      id: completionId(task),
      object: 'chat.completion.chunk',
      created: task.created,
      model: task.model,
      choices,
      ...(options.includeUsage ? { usage } : {}),
    };
    return data(frame);
  };
  const delta = (value: Delta, finish: OpenAiFinishReason | null = null): string =>
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
            ...(opened ? { id: call.id, type: 'function' as const } : {}),
            function: fn,
          };
          return delta({ tool_calls: [entry] });
        }
        case 'error':
          return data(openAiErrorBody(errorOf(event.data)));
        case 'end': {
          if (event.data.canceled === true) return '';
          const finish = sawToolCall ? 'tool_calls' : finishReason(event.data.stop_reason);
          let text = delta({}, finish);
          if (options.includeUsage) {
            const usage = usageOf(event.data, task.promptTokens);
            text += chunk([], usageFigures(usage.prompt, usage.completion));
          }
          return `${text}data: [DONE]\n\n`;
        }
        default:
          return '';
      }
    },
  };
}
