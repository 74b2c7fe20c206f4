// WA-016, WA-003, WA-004, WA-010: lenient readers and the request mapping for vLLM's
// OpenAI-compatible server. Field sets move between vLLM versions (stop_reason,
// token_ids and system_fingerprint came and went), so every field is optional and
// unknown keys are ignored.
import type { CompletionRequest, StopReason } from '../port.js';
import { asNumber, asObject, asString } from '../shared/json-readers.js';
import type { Json } from '../shared/json-readers.js';

/**
 * The /v1/completions body. vLLM reads top_k 0 as "invalid" on older versions and
 * -1 as "disabled" on all, and top_p must lie in (0, 1], so neutral values are sent
 * in the form every version accepts. The usage chunk gives us tokens_in.
 */
export function completionBody(model: string, request: CompletionRequest): Json {
  const { sampler } = request;
  return {
    model,
    prompt: request.prompt,
    max_tokens: request.max_tokens,
    seed: request.seed,
    stream: true,
    stream_options: { include_usage: true },
    temperature: sampler.temperature,
    top_k: sampler.top_k >= 1 ? sampler.top_k : -1,
    top_p: sampler.top_p > 0 && sampler.top_p <= 1 ? sampler.top_p : 1,
    min_p: sampler.min_p,
    repetition_penalty: sampler.repetition_penalty > 0 ? sampler.repetition_penalty : 1,
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

export interface StreamChunk {
  text: string;
  finish: StopReason | 'abort' | undefined;
  promptTokens: number | undefined;
}

export function readChunk(chunk: Json): StreamChunk {
  const choices = Array.isArray(chunk['choices']) ? chunk['choices'] : [];
  const choice = asObject(choices[0]) ?? {};
  const reason = choice['finish_reason'];
  let finish: StreamChunk['finish'];
  if (reason === 'length') finish = 'limit';
  else if (reason === 'abort') finish = 'abort';
  // stop_reason names the stop string or token that matched; null means EOS.
  else if (reason === 'stop')
    finish = choice['stop_reason'] === null || choice['stop_reason'] === undefined ? 'eos' : 'stop_word';
  const usage = asObject(chunk['usage']);
  return {
    text: typeof choice['text'] === 'string' ? choice['text'] : '',
    finish,
    promptTokens: usage === undefined ? undefined : asNumber(usage['prompt_tokens']),
  };
}
