// WA-016, WA-003, WA-004, WA-010, WA-020: lenient readers and the request mapping for vLLM's
// OpenAI-compatible server, as wire calls for the shared loop: /v1/completions for raw
// prompts and /v1/chat/completions for chat. Both streams end with `data: [DONE]`, even
// after an error, and always name a finish_reason first. Field sets move between vLLM
// versions (stop_reason, token_ids and system_fingerprint came and went), so every field
// is optional and unknown keys are ignored.
import { AdapterError } from '../errors.js';
import type { CompletionRequest, StopReason } from '../port.js';
import type { DecodedItem, OpenWire, WireCall } from '../shared/completion-stream.js';
import { asNumber, asObject, asString } from '../shared/json-readers.js';
import type { Json } from '../shared/json-readers.js';
import { chatBodyBase, decodeChatEvent, isChat, openAiResponseFormat } from '../shared/openai-chat.js';
import type { SseEvent } from '../shared/sse.js';
import { readEventObject } from '../shared/stream-event.js';
import { requireFeatures } from '../shared/workload-features.js';

/**
 * Sampler knobs in the form every vLLM version accepts: older versions read top_k 0 as
 * "invalid" and all read -1 as "disabled", and top_p must lie in (0, 1].
 */
function samplerFields(request: CompletionRequest): Json {
  const { sampler } = request;
  return {
    temperature: sampler.temperature,
    top_k: sampler.top_k >= 1 ? sampler.top_k : -1,
    top_p: sampler.top_p > 0 && sampler.top_p <= 1 ? sampler.top_p : 1,
    min_p: sampler.min_p,
    repetition_penalty: sampler.repetition_penalty > 0 ? sampler.repetition_penalty : 1,
  };
}

/** The /v1/completions body; the usage chunk gives us tokens_in. */
export function completionBody(model: string, request: CompletionRequest): Json {
  return {
    model,
    prompt: request.prompt,
    max_tokens: request.max_tokens,
    seed: request.seed,
    stream: true,
    stream_options: { include_usage: true },
    ...samplerFields(request),
    ...(request.stop !== undefined && request.stop.length > 0 ? { stop: [...request.stop] } : {}),
  };
}

/** The served model's context length from /v1/models, or undefined when `model` is not served. */
export function findModel(
  body: unknown,
  model: string,
): { ctx: number | undefined; root: string | undefined } | undefined {
  const data = asObject(body)?.['data'];
  if (!Array.isArray(data)) return undefined;
  const card = data.map(asObject).find((entry) => entry?.['id'] === model);
  if (card === undefined) return undefined;
  return { ctx: asNumber(card['max_model_len']), root: asString(card['root']) };
}

export function servedModels(body: unknown): string[] {
  const data = asObject(body)?.['data'];
  return Array.isArray(data) ? data.flatMap((entry) => asString(asObject(entry)?.['id']) ?? []) : [];
}

/** Errors arrive as `{"error": {message, type, code}}`; very old versions used a flat `{"object": "error"}`. */
export function readError(chunk: Json): { status: number; message: string } | undefined {
  const nested = asObject(chunk['error']);
  if (nested !== undefined) {
    return {
      status: asNumber(nested['code']) ?? 500,
      message: asString(nested['message']) ?? JSON.stringify(nested),
    };
  }
  if (typeof chunk['error'] === 'string') return { status: 500, message: chunk['error'] };
  if (chunk['object'] === 'error') {
    return {
      status: asNumber(chunk['code']) ?? 500,
      message: asString(chunk['message']) ?? 'unknown vLLM error',
    };
  }
  return undefined;
}

/** Completion chunks: choices[0].text, finish_reason (+ stop_reason naming a matched stop), usage. */
function readCompletionChunk(chunk: Json): DecodedItem {
  const choices = Array.isArray(chunk['choices']) ? chunk['choices'] : [];
  const choice = asObject(choices[0]) ?? {};
  const reason = choice['finish_reason'];
  const item: DecodedItem = {};
  if (typeof choice['text'] === 'string') item.text = choice['text'];
  let finish: StopReason | undefined;
  if (reason === 'length') finish = 'limit';
  // stop_reason names the stop string or token that matched; null means EOS.
  else if (reason === 'stop')
    finish = choice['stop_reason'] === null || choice['stop_reason'] === undefined ? 'eos' : 'stop_word';
  if (finish !== undefined) item.finish = finish;
  const usage = asObject(chunk['usage']);
  const promptTokens = asNumber(usage?.['prompt_tokens']);
  if (promptTokens !== undefined) item.promptTokens = promptTokens;
  const completionTokens = asNumber(usage?.['completion_tokens']);
  if (completionTokens !== undefined) item.completionTokens = completionTokens;
  return item;
}

const finishReasonOf = (chunk: Json): unknown =>
  asObject(Array.isArray(chunk['choices']) ? chunk['choices'][0] : undefined)?.['finish_reason'];

export function vllmWire(endpoint: string, model: string): OpenWire {
  const source = { engine: 'vllm', name: 'vLLM', endpoint, expected: 'a vLLM OpenAI server' } as const;
  // vLLM turns an engine-side abort into finish_reason "abort": the request is gone, retry it.
  const abortCheck = (chunk: Json): void => {
    if (finishReasonOf(chunk) !== 'abort') return;
    throw new AdapterError(
      'WORKER_RESET',
      `vLLM at ${endpoint} aborted the request inside the engine; retry it`,
      {
        engine: 'vllm',
      },
    );
  };
  const truncated: WireCall['truncated'] = ({ tokens, finished }) =>
    `vLLM at ${endpoint} ended the stream without ${finished ? 'data: [DONE]' : 'a finish_reason'} ` +
    `after ${tokens} tokens; the server restarted or a proxy cut the connection, retry on a healthy replica`;
  const decodeCompletion = (event: SseEvent): DecodedItem[] => {
    if (event.data === '[DONE]') return [{ done: true }];
    const chunk = readEventObject(event.data, source);
    const error = readError(chunk);
    if (error !== undefined) return [{ error }];
    abortCheck(chunk);
    return [readCompletionChunk(chunk)];
  };
  return (request) => {
    requireFeatures(request, 'vllm');
    if (!isChat(request)) {
      const body = completionBody(model, request);
      return { path: '/v1/completions', body, decode: decodeCompletion, finishRequired: true, truncated };
    }
    const body = {
      model,
      ...chatBodyBase(request),
      ...openAiResponseFormat(request.chat),
      ...samplerFields(request),
    };
    const decode = (event: SseEvent): DecodedItem[] =>
      decodeChatEvent(event, source, (chunk) => {
        const error = readError(chunk);
        if (error === undefined) abortCheck(chunk);
        return error;
      });
    return { path: '/v1/chat/completions', body, decode, finishRequired: true, truncated };
  };
}
