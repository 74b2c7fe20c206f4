// WA-003, WA-004, WA-015: lenient readers for llama-server's native JSON. The
// shapes drift between builds (older /props carried a whole slot object, older
// final chunks used stopped_* booleans instead of stop_type), so every field
// is optional here and each reader says what it falls back to.
import type { CompletionRequest, StopReason } from '../port.js';

import { asNumber, asObject, asString } from '../shared/json-readers.js';
import type { Json } from '../shared/json-readers.js';

export interface LlamaCppProps {
  buildInfo: string | undefined;
  ctxPerSlot: number | undefined;
  totalSlots: number | undefined;
  modelId: string | undefined;
}

export function readProps(body: unknown): LlamaCppProps {
  const props = asObject(body) ?? {};
  const defaults = asObject(props['default_generation_settings']) ?? {};
  return {
    buildInfo: asString(props['build_info']),
    ctxPerSlot: asNumber(defaults['n_ctx']) ?? asNumber(props['n_ctx']),
    totalSlots: asNumber(props['total_slots']),
    modelId: asString(props['model_path']) ?? asString(props['model_alias']) ?? asString(props['model']),
  };
}

export interface LlamaCppSlot {
  id: number;
  n_ctx: number | null;
  is_processing: boolean;
}

export function readSlots(body: unknown): LlamaCppSlot[] {
  if (!Array.isArray(body)) return [];
  return body.flatMap((entry, index) => {
    const slot = asObject(entry);
    if (slot === undefined) return [];
    // Very old builds reported `state` (0 idle, 1 processing) instead of is_processing.
    const processing = slot['is_processing'] ?? (asNumber(slot['state']) ?? 0) !== 0;
    return [
      {
        id: asNumber(slot['id']) ?? index,
        n_ctx: asNumber(slot['n_ctx']) ?? null,
        is_processing: processing === true,
      },
    ];
  });
}

/** The native /completion body: cache_prompt off because reusing a cached prefix can change results (DET-002). */
export function completionBody(request: CompletionRequest): Json {
  const { sampler } = request;
  return {
    prompt: request.prompt,
    n_predict: request.max_tokens,
    seed: request.seed,
    stream: true,
    cache_prompt: false,
    temperature: sampler.temperature,
    top_k: sampler.top_k,
    top_p: sampler.top_p,
    min_p: sampler.min_p,
    repeat_penalty: sampler.repetition_penalty,
    n_probs: 0,
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
