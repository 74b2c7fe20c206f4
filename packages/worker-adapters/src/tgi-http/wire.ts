// WA-017, WA-003, WA-004, WA-010, WA-020: TGI request mapping and lenient readers, as wire
// calls for the shared loop: /generate_stream for raw prompts (no [DONE]; the final event
// carries generated_text and details) and the OpenAI route /v1/chat/completions for chat
// (`data:` without a space, ending in `data:[DONE]`). TGI validates sampling strictly
// (temperature > 0, top_p and typical_p strictly inside (0, 1), top_k > 0) and samples
// whenever any of those knobs is present, so greedy decoding is requested by leaving every
// sampling knob out; its chat route instead reads temperature 0 as greedy.
import { isGreedy } from '../sampler-profiles.js';
import type { CompletionRequest, StopReason } from '../port.js';
import type { DecodedItem, OpenWire } from '../shared/completion-stream.js';
import { asNumber, asObject, asString } from '../shared/json-readers.js';
import type { Json } from '../shared/json-readers.js';
import { chatBodyBase, decodeChatEvent, isChat } from '../shared/openai-chat.js';
import type { ChatRequest } from '../shared/openai-chat.js';
import type { SseEvent } from '../shared/sse.js';
import { readEventObject } from '../shared/stream-event.js';
import { requireFeatures } from '../shared/workload-features.js';

/** The /generate_stream body. min_p has no TGI counterpart and is dropped. */
export function generateBody(request: CompletionRequest): Json {
  const { sampler } = request;
  const parameters: Json = {
    max_new_tokens: request.max_tokens,
    seed: request.seed,
    details: true,
    return_full_text: false,
  };
  if (sampler.repetition_penalty > 0) parameters['repetition_penalty'] = sampler.repetition_penalty;
  if (!isGreedy(sampler)) {
    parameters['do_sample'] = true;
    parameters['temperature'] = sampler.temperature;
    // 0 means "no top-k" in our profiles; TGI wants the knob absent instead.
    if (sampler.top_k > 0) parameters['top_k'] = sampler.top_k;
    // top_p 1 (or 0) means "no nucleus cut"; TGI rejects both ends of the range.
    if (sampler.top_p > 0 && sampler.top_p < 1) parameters['top_p'] = sampler.top_p;
  }
  if (request.stop !== undefined && request.stop.length > 0) parameters['stop'] = [...request.stop];
  return { inputs: request.prompt, parameters };
}

/**
 * The /v1/chat/completions body. The chat route has no top_k, min_p or repetition_penalty,
 * so those knobs are dropped. response_format goes in TGI's own grammar form
 * (`{type: "json", value: <schema>}`, which every TGI with grammars accepts).
 */
export function chatBody(request: ChatRequest): Json {
  const { sampler } = request;
  const body: Json = { model: 'tgi', ...chatBodyBase(request) };
  if (isGreedy(sampler)) {
    body['temperature'] = 0;
  } else {
    body['temperature'] = sampler.temperature;
    if (sampler.top_p > 0 && sampler.top_p < 1) body['top_p'] = sampler.top_p;
  }
  const format = request.chat.response_format;
  if (format?.type === 'json_object') body['response_format'] = { type: 'json', value: { type: 'object' } };
  if (format?.type === 'json_schema') {
    body['response_format'] = { type: 'json', value: format.json_schema.schema ?? { type: 'object' } };
  }
  return body;
}

/** HTTP status TGI uses for each error_type, so in-band errors map like status errors. */
const ERROR_STATUS: Record<string, number> = {
  validation: 422,
  overloaded: 429,
  generation: 424,
  incomplete_generation: 500,
  healthcheck: 503,
};

export function readError(event: Json): { status: number; message: string } | undefined {
  const error = event['error'];
  if (error === undefined || error === null) return undefined;
  const type = asString(event['error_type']);
  return {
    status: (type === undefined ? undefined : ERROR_STATUS[type]) ?? 500,
    message: `${typeof error === 'string' ? error : JSON.stringify(error)}${type === undefined ? '' : ` (${type})`}`,
  };
}

const FINISH: Record<string, StopReason> = { eos_token: 'eos', length: 'limit', stop_sequence: 'stop_word' };

/** One /generate_stream event: the token's text (special tokens such as EOS carry none for us). */
export function readStreamEvent(event: Json): DecodedItem {
  const token = asObject(event['token']) ?? {};
  const item: DecodedItem = {};
  if (token['special'] !== true && typeof token['text'] === 'string') item.text = token['text'];
  const details = asObject(event['details']);
  // The last event carries generated_text (and details when asked for).
  if (typeof event['generated_text'] !== 'string' && details === undefined) return item;
  item.done = true;
  const finish = asString(details?.['finish_reason']);
  const stop = finish === undefined ? undefined : FINISH[finish];
  if (stop !== undefined) item.finish = stop;
  const inputLength = asNumber(details?.['input_length']);
  if (inputLength !== undefined) item.promptTokens = inputLength;
  const generated = asNumber(details?.['generated_tokens']);
  if (generated !== undefined) item.completionTokens = generated;
  return item;
}

export function tgiWire(endpoint: string): OpenWire {
  const source = { engine: 'tgi', name: 'TGI', endpoint, expected: 'a TGI router' } as const;
  const retryHint = 'the router or a shard restarted, retry on a healthy replica';
  const decodeGenerate = (event: SseEvent): DecodedItem[] => {
    const payload = readEventObject(event.data, source);
    const error = readError(payload);
    return error === undefined ? [readStreamEvent(payload)] : [{ error }];
  };
  return (request) => {
    requireFeatures(request, 'tgi');
    if (isChat(request)) {
      return {
        path: '/v1/chat/completions',
        body: chatBody(request),
        decode: (event) => decodeChatEvent(event, source, readError),
        truncated: ({ tokens }) =>
          `TGI at ${endpoint} closed the chat stream without data:[DONE] after ${tokens} tokens; ${retryHint}`,
      };
    }
    return {
      path: '/generate_stream',
      body: generateBody(request),
      decode: decodeGenerate,
      truncated: ({ tokens }) =>
        `TGI at ${endpoint} closed the stream without a final event after ${tokens} tokens; ${retryHint}`,
    };
  };
}

export interface TgiInfo {
  version: string | undefined;
  ctx: number | undefined;
  slots: number | undefined;
  modelId: string | undefined;
  modelSha: string | undefined;
}

export function readInfo(body: unknown): TgiInfo {
  const info = asObject(body) ?? {};
  const version = asString(info['version']);
  const sha = asString(info['sha']);
  return {
    // The build sha pins the exact router build; a version string alone can name dev builds.
    version:
      version === undefined ? undefined : sha === undefined ? version : `${version}+${sha.slice(0, 7)}`,
    ctx: asNumber(info['max_total_tokens']),
    slots: asNumber(info['max_concurrent_requests']),
    modelId: asString(info['model_id']),
    modelSha: asString(info['model_sha']),
  };
}
