// CLI-002, CLI-004: turning `llorch chat` options into what each turn sends.
// The body and headers are pure functions of the options and the history;
// only the default model asks the server (the first id GET /v1/models lists).
import type { CompatOperations } from '@llama-orch/contracts';
import { isAbort, networkErrno, networkError } from './api.js';
import { chatHttpError } from './chat-errors.js';
import type { CHAT_OPTIONS } from './command-table.js';
import type { CommandContext } from './context.js';
import { CliError, EXIT, usageError } from './errors.js';
import { readAll } from './io.js';
import type { OptionValues } from './option-spec.js';
import type { ChatCompletionRequest, ChatMessage } from './openai-wire.js';

export type ChatOptions = OptionValues<typeof CHAT_OPTIONS>;

/** Pure: the body of one turn; the whole history travels every time (the server keeps none). */
export function buildChatRequest(
  options: ChatOptions,
  model: string,
  messages: readonly ChatMessage[],
): ChatCompletionRequest {
  const body: ChatCompletionRequest = {
    model,
    messages: [...messages],
    stream: true,
    stream_options: { include_usage: true },
  };
  if (options.maxTokens !== undefined) body.max_tokens = options.maxTokens;
  if (options.seed !== undefined) body.seed = options.seed;
  if (options.temperature !== undefined) body.temperature = options.temperature;
  return body;
}

export type ChatHeaders = NonNullable<CompatOperations['createChatCompletion']['parameters']['header']>;

/** Pure: the llama-orch headers; absent options leave the server's defaults in force. */
export function chatHeaders(options: ChatOptions, session: string | undefined): ChatHeaders {
  const headers: ChatHeaders = {};
  if (options.priority !== undefined) headers['X-Llorch-Priority'] = options.priority;
  if (session !== undefined) headers['X-Llorch-Session'] = session;
  return headers;
}

/** Pure: the history a chat opens with. */
export function openingMessages(options: ChatOptions): ChatMessage[] {
  return options.system === undefined ? [] : [{ role: 'system', content: options.system }];
}

/** `--model`, else LLORCH_MODEL or the config file, else the first model the server lists. */
export async function resolveChatModel(
  ctx: CommandContext,
  options: ChatOptions,
  signal: AbortSignal,
): Promise<string> {
  const named = options.model ?? ctx.settings.model;
  if (named !== undefined) return named;
  let result;
  try {
    result = await ctx.api.compat.GET('/v1/models', { signal });
  } catch (error) {
    if (isAbort(error) || networkErrno(error) === undefined) throw error;
    throw networkError(ctx.api, error);
  }
  if (!result.response.ok) throw chatHttpError(result.response, result.error, ctx.api);
  if (!Array.isArray(result.data?.data)) {
    throw new CliError('PROTOCOL', 'GET /v1/models did not answer with a model list', {
      exitStatus: EXIT.failure,
      context: { hint: 'check that --endpoint points at orchestratord, or name the model with --model' },
    });
  }
  const first = result.data.data[0];
  if (first === undefined) {
    throw new CliError('POOL_UNAVAILABLE', 'GET /v1/models lists no model', {
      exitStatus: EXIT.failure,
      context: {
        hint: 'pools may still be loading: check `llorch status` and retry, or name one with --model',
      },
    });
  }
  return first.id;
}

/** The one-shot message: the argument, or stdin for `-` (or when stdin is piped and no argument is given). */
export async function readChatMessage(ctx: CommandContext, argument: string | undefined): Promise<string> {
  if (argument !== undefined && argument !== '-') return argument;
  const text = await readAll(ctx.io.stdin);
  if (text.trim() === '') {
    throw usageError('the message on stdin is empty', 'pipe some text, or pass the message as an argument');
  }
  return text;
}
