// WA-020, WA-003, WA-010: the OpenAI chat stream that llama-server, vLLM and TGI all
// serve on /v1/chat/completions. The chunks agree on the shape (choices[0].delta with
// content and tool_calls, finish_reason, a usage chunk, `[DONE]`) and differ in
// details: TGI sent tool_calls as one object in older versions, names stop strings
// `stop_sequence`, and never says `tool_calls`; vLLM names the matched stop string in
// stop_reason; llama-server adds timings. One lenient reader covers all of them.
import type { ChatInput, CompletionRequest, StopReason, ToolCallDelta } from '../port.js';
import type { DecodedItem } from './completion-stream.js';
import { asNumber, asObject, asString } from './json-readers.js';
import type { Json } from './json-readers.js';
import type { SseEvent } from './sse.js';
import { readEventObject } from './stream-event.js';
import type { StreamEventSource } from './stream-event.js';

export type ChatRequest = CompletionRequest & { chat: ChatInput };

export const isChat = (request: CompletionRequest): request is ChatRequest => request.chat !== undefined;

/**
 * The fields every engine's chat body shares. Usage is asked for so tokens_in and the
 * engine's completion count arrive at the end; `response_format` is left to the engine
 * (TGI spells it differently).
 */
export function chatBodyBase(request: ChatRequest): Json {
  const { chat } = request;
  const body: Json = {
    messages: chat.messages,
    max_tokens: request.max_tokens,
    seed: request.seed,
    stream: true,
    stream_options: { include_usage: true },
  };
  if (chat.tools !== undefined && chat.tools.length > 0) body['tools'] = chat.tools;
  if (chat.tool_choice !== undefined) body['tool_choice'] = chat.tool_choice;
  if (request.stop !== undefined && request.stop.length > 0) body['stop'] = [...request.stop];
  return body;
}

/** response_format as OpenAI spells it (llama-server, vLLM); `text` is the default and left out. */
export function openAiResponseFormat(chat: ChatInput): Json {
  const format = chat.response_format;
  return format === undefined || format.type === 'text' ? {} : { response_format: format };
}

const FINISH: Record<string, StopReason> = {
  length: 'limit',
  tool_calls: 'tool_calls',
  stop_sequence: 'stop_word',
  eos_token: 'eos',
};

/** `stop` is EOS unless the engine names what matched (vLLM's stop_reason); null means EOS. */
function finishOf(choice: Json): StopReason | undefined {
  const reason = asString(choice['finish_reason']);
  if (reason === undefined) return undefined;
  if (reason !== 'stop') return FINISH[reason];
  const matched = choice['stop_reason'];
  return matched === null || matched === undefined ? 'eos' : 'stop_word';
}

function readToolCalls(raw: unknown): ToolCallDelta[] {
  const list: unknown[] = Array.isArray(raw) ? raw : asObject(raw) === undefined ? [] : [raw];
  return list.flatMap((entry, position) => {
    const call = asObject(entry);
    if (call === undefined) return [];
    const fn = asObject(call['function']) ?? {};
    const args = fn['arguments'];
    const delta: ToolCallDelta = {
      index: asNumber(call['index']) ?? position,
      // Some servers send arguments as an object once complete; keep them as JSON text.
      arguments:
        typeof args === 'string' ? args : args === undefined || args === null ? '' : JSON.stringify(args),
    };
    const id = asString(call['id']);
    if (id !== undefined) delta.id = id;
    const name = asString(fn['name']);
    if (name !== undefined) delta.name = name;
    return [delta];
  });
}

/** One chat.completion.chunk → what it says. */
export function readChatChunk(chunk: Json): DecodedItem {
  const choices = Array.isArray(chunk['choices']) ? chunk['choices'] : [];
  const choice = asObject(choices[0]) ?? {};
  const delta = asObject(choice['delta']) ?? {};
  const item: DecodedItem = {};
  if (typeof delta['content'] === 'string') item.text = delta['content'];
  const toolCalls = readToolCalls(delta['tool_calls']);
  if (toolCalls.length > 0) item.toolCalls = toolCalls;
  const finish = finishOf(choice);
  if (finish !== undefined) item.finish = finish;
  const usage = asObject(chunk['usage']);
  const promptTokens = asNumber(usage?.['prompt_tokens']);
  if (promptTokens !== undefined) item.promptTokens = promptTokens;
  const completionTokens = asNumber(usage?.['completion_tokens']);
  if (completionTokens !== undefined) item.completionTokens = completionTokens;
  const decodeMs = asNumber(asObject(chunk['timings'])?.['predicted_ms']);
  if (decodeMs !== undefined) item.decodeMs = decodeMs;
  return item;
}

export type InBandErrorReader = (
  chunk: Json,
  event: SseEvent,
) => { status: number; message: string } | undefined;

/** Decodes one chat SSE event: `[DONE]` ends the stream, error objects fail it. */
export function decodeChatEvent(
  event: SseEvent,
  source: StreamEventSource,
  readError: InBandErrorReader,
): DecodedItem[] {
  if (event.data.trim() === '[DONE]') return [{ done: true }];
  const chunk = readEventObject(event.data, source);
  const error = readError(chunk, event);
  return error === undefined ? [readChatChunk(chunk)] : [{ error }];
}
