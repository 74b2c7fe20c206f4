// WA-013, WA-016: how the vLLM simulator reads and refuses generation bodies, shared by
// /v1/completions and /v1/chat/completions. Why: vLLM validates both routes the same way
// (400 BadRequestError with its message), so one reader keeps the two routes identical.
import { greedySampler } from './front-end.js';
import { BadRequest, numberField, randomSeed } from './http-kit.js';

const ERROR_TYPES: Record<number, string> = {
  400: 'BadRequestError',
  404: 'NotFoundError',
  500: 'InternalServerError',
};

export function vllmErrorBody(status: number, message: string, param: string | null = null) {
  return { error: { message, type: ERROR_TYPES[status] ?? 'InternalServerError', param, code: status } };
}

export interface VllmSamplingLimits {
  /** Prompt tokens as the engine counts them. */
  promptTokens: number;
  ctx: number;
  /** max_tokens when the body has none: 16 on /v1/completions, the rest of the context on chat. */
  defaultMaxTokens: number;
}

/** max_tokens and sampling knobs with vLLM's checks; temperature 0 or top_k 1 is greedy. */
export function readVllmSampling(body: Record<string, unknown>, limits: VllmSamplingLimits) {
  const maxTokens = numberField(body, 'max_tokens') ?? limits.defaultMaxTokens;
  const temperature = numberField(body, 'temperature') ?? 1.0;
  const topP = numberField(body, 'top_p') ?? 1.0;
  const topK = numberField(body, 'top_k') ?? -1;
  const minP = numberField(body, 'min_p') ?? 0;
  const repetitionPenalty = numberField(body, 'repetition_penalty') ?? 1.0;
  if (maxTokens < 1) throw new BadRequest(`max_tokens must be at least 1, got ${maxTokens}.`);
  if (temperature < 0) throw new BadRequest(`temperature must be non-negative, got ${temperature}.`);
  if (topP <= 0 || topP > 1) throw new BadRequest(`top_p must be in (0, 1], got ${topP}.`);
  if (limits.promptTokens + maxTokens > limits.ctx) {
    throw new BadRequest(
      `This model's maximum context length is ${limits.ctx} tokens; the prompt has ${limits.promptTokens} and ` +
        `max_tokens asks for ${maxTokens}. Shorten the prompt or lower max_tokens.`,
    );
  }
  const seed = numberField(body, 'seed') ?? randomSeed();
  const sampling = {
    temperature,
    top_p: topP,
    top_k: topK,
    min_p: minP,
    repetition_penalty: repetitionPenalty,
  };
  return { maxTokens, plan: greedySampler(sampling, seed, temperature === 0 || topK === 1) };
}

export function includeUsageOf(body: Record<string, unknown>): boolean {
  const streamOptions = body['stream_options'];
  return (
    typeof streamOptions === 'object' &&
    streamOptions !== null &&
    Reflect.get(streamOptions, 'include_usage') === true
  );
}
