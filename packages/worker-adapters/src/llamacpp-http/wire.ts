// WA-004, WA-015, WA-020, DET-002: llama-server's three generation routes as wire calls for
// the shared loop. /completion and /infill stream the native format (one chunk per piece,
// a final chunk with stop:true, no [DONE]); /v1/chat/completions streams OpenAI chunks
// ending in `data: [DONE]`. Every body turns cache_prompt off: reusing a cached prefix
// can change results (the README warns about it). Final chunks drift between builds
// (older ones used stopped_* booleans instead of stop_type), so every field is optional.
import type { CompletionRequest, StopReason } from '../port.js';
import type { DecodedItem, OpenWire, WireCall } from '../shared/completion-stream.js';
import { asNumber, asObject, asString } from '../shared/json-readers.js';
import type { Json } from '../shared/json-readers.js';
import { chatBodyBase, decodeChatEvent, isChat, openAiResponseFormat } from '../shared/openai-chat.js';
import type { ChatRequest } from '../shared/openai-chat.js';
import type { SseEvent } from '../shared/sse.js';
import { readEventObject } from '../shared/stream-event.js';
import type { StreamEventSource } from '../shared/stream-event.js';
import { requireFeatures } from '../shared/workload-features.js';

/** llama-server's sampler knobs, shared by every generation route. */
function samplerFields(request: CompletionRequest): Json {
  const { sampler } = request;
  return {
    temperature: sampler.temperature,
    top_k: sampler.top_k,
    top_p: sampler.top_p,
    min_p: sampler.min_p,
    repeat_penalty: sampler.repetition_penalty,
  };
}

const stopField = (request: CompletionRequest): Json =>
  request.stop !== undefined && request.stop.length > 0 ? { stop: [...request.stop] } : {};

/** The native /completion body. */
export function completionBody(request: CompletionRequest): Json {
  return {
    prompt: request.prompt,
    n_predict: request.max_tokens,
    seed: request.seed,
    stream: true,
    cache_prompt: false,
    ...samplerFields(request),
    n_probs: 0,
    ...stopField(request),
  };
}

/** The /infill body: the prompt is the text before the cursor; the model's FIM tokens frame it. */
export function infillBody(request: CompletionRequest & { infill: { suffix: string } }): Json {
  return {
    input_prefix: request.prompt,
    input_suffix: request.infill.suffix,
    prompt: '',
    n_predict: request.max_tokens,
    seed: request.seed,
    stream: true,
    cache_prompt: false,
    ...samplerFields(request),
    n_probs: 0,
    ...stopField(request),
  };
}

/** The /v1/chat/completions body (template and tool-call parsing need llama-server's --jinja, on by default). */
export function chatBody(request: ChatRequest): Json {
  return {
    ...chatBodyBase(request),
    ...openAiResponseFormat(request.chat),
    ...samplerFields(request),
    cache_prompt: false,
  };
}

export interface FinalChunk {
  tokensIn: number | null;
  decodeMs: number | undefined;
  stop: StopReason | undefined;
}

const STOP_TYPES: Record<string, StopReason> = { eos: 'eos', limit: 'limit', word: 'stop_word' };

export function readFinal(chunk: Json): FinalChunk {
  const timings = asObject(chunk['timings']) ?? {};
  const stopType = asString(chunk['stop_type']);
  let stop = stopType === undefined ? undefined : STOP_TYPES[stopType];
  if (stop === undefined) {
    if (chunk['stopped_eos'] === true) stop = 'eos';
    else if (chunk['stopped_word'] === true) stop = 'stop_word';
    else if (chunk['stopped_limit'] === true || chunk['truncated'] === true) stop = 'limit';
  }
  return {
    tokensIn: asNumber(chunk['tokens_evaluated']) ?? null,
    decodeMs: asNumber(timings['predicted_ms']),
    stop,
  };
}

/** In-band error (`{"error": {...}}` in a data line, or the legacy `error:` field). */
export function readInBandError(chunk: Json | undefined, event: string | undefined, raw: string) {
  const error = chunk?.['error'];
  if (error === undefined && event !== 'error') return undefined;
  const detail = asObject(error) ?? (event === 'error' ? chunk : undefined) ?? {};
  return {
    status: asNumber(detail['code']) ?? 500,
    message: asString(detail['message']) ?? asString(error) ?? raw,
  };
}

function parseObject(data: string): Json | undefined {
  try {
    return asObject(JSON.parse(data));
  } catch {
    return undefined;
  }
}

/** One native /completion or /infill event. */
function decodeNative(event: SseEvent, source: StreamEventSource): DecodedItem[] {
  if (event.data === '[DONE]') return [];
  const parsed = parseObject(event.data);
  // The legacy `error:` line may carry a bare string, so errors are read before insisting on JSON.
  const error = readInBandError(parsed, event.event, event.data);
  if (error !== undefined) return [{ error }];
  const chunk = parsed ?? readEventObject(event.data, source);
  const item: DecodedItem = {};
  if (typeof chunk['content'] === 'string') item.text = chunk['content'];
  if (chunk['stop'] !== true) return [item];
  const final = readFinal(chunk);
  item.done = true;
  if (final.tokensIn !== null) item.promptTokens = final.tokensIn;
  if (final.decodeMs !== undefined) item.decodeMs = final.decodeMs;
  if (final.stop !== undefined) item.finish = final.stop;
  const predicted = asNumber(chunk['tokens_predicted']);
  if (predicted !== undefined) item.completionTokens = predicted;
  return [item];
}

const retryHint = 'the engine restarted or a proxy cut the connection, retry on a healthy replica';

export function llamaCppWire(endpoint: string): OpenWire {
  const source = {
    engine: 'llamacpp',
    name: 'llama-server',
    endpoint,
    expected: 'a llama-server, not a proxy or another engine',
  } as const;
  const native = (path: string, body: Json): WireCall => ({
    path,
    body,
    decode: (event) => decodeNative(event, source),
    truncated: ({ tokens }) =>
      `llama-server at ${endpoint} closed the stream without a final chunk after ${tokens} tokens; ${retryHint}`,
  });
  return (request) => {
    requireFeatures(request, 'llamacpp');
    if (isChat(request)) {
      return {
        path: '/v1/chat/completions',
        body: chatBody(request),
        decode: (event) =>
          decodeChatEvent(event, source, (chunk, raw) => readInBandError(chunk, raw.event, raw.data)),
        truncated: ({ tokens }) =>
          `llama-server at ${endpoint} closed the chat stream without data: [DONE] after ${tokens} tokens; ${retryHint}`,
      };
    }
    const { infill } = request;
    if (infill !== undefined) return native('/infill', infillBody({ ...request, infill }));
    return native('/completion', completionBody(request));
  };
}
