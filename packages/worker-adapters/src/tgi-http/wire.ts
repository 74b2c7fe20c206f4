// WA-017, WA-003, WA-004, WA-010: TGI request mapping and lenient readers.
// TGI validates sampling strictly (temperature > 0, top_p and typical_p strictly
// inside (0, 1), top_k > 0) and samples whenever any of those knobs is present,
// so greedy decoding is requested by leaving every sampling knob out.
import { isGreedy } from '../sampler-profiles.js';
import type { CompletionRequest, StopReason } from '../port.js';
import { asNumber, asObject, asString } from '../shared/json-readers.js';
import type { Json } from '../shared/json-readers.js';

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
  return { inputs: request.prompt, parameters };
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

export interface StreamEvent {
  /** The token's text; special tokens (EOS) carry no text for the caller. */
  text: string;
  final: boolean;
  stop: StopReason | undefined;
  inputLength: number | undefined;
}

export function readStreamEvent(event: Json): StreamEvent {
  const token = asObject(event['token']) ?? {};
  const special = token['special'] === true;
  const details = asObject(event['details']);
  const finish = asString(details?.['finish_reason']);
  return {
    text: !special && typeof token['text'] === 'string' ? token['text'] : '',
    // The last event carries generated_text (and details when asked for).
    final: typeof event['generated_text'] === 'string' || details !== undefined,
    stop: finish === undefined ? undefined : FINISH[finish],
    inputLength: asNumber(details?.['input_length']),
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
