// WA-013, WA-015: how llama-server reads generation settings from a body, shared by its
// native routes (/completion, /infill) and its chat route. Why: one reading keeps
// n_predict/max_tokens fallbacks, the "random" seed and greedy detection identical.
import { greedySampler } from './front-end.js';
import { numberField, randomSeed } from './http-kit.js';

/** How llama-server shows the "random" seed (-1) in its settings. */
export const UNSET_SEED = 4294967295;

export const LLAMACPP_DEFAULT_PARAMS = {
  n_predict: -1,
  seed: UNSET_SEED,
  temperature: 0.8,
  top_k: 40,
  top_p: 0.95,
  min_p: 0.05,
  repeat_penalty: 1.0,
  samplers: ['penalties', 'top_k', 'top_p', 'min_p', 'temperature'],
};

/** Generation settings as llama-server reads them from any generation body. */
export function llamaCppSettings(body: Record<string, unknown>) {
  const nPredict =
    numberField(body, 'n_predict') ??
    numberField(body, 'max_completion_tokens') ??
    numberField(body, 'max_tokens');
  const seed = numberField(body, 'seed');
  return {
    ...LLAMACPP_DEFAULT_PARAMS,
    n_predict: nPredict ?? -1,
    seed: seed === undefined || seed < 0 ? UNSET_SEED : seed,
    temperature: numberField(body, 'temperature') ?? LLAMACPP_DEFAULT_PARAMS.temperature,
    top_k: numberField(body, 'top_k') ?? LLAMACPP_DEFAULT_PARAMS.top_k,
    top_p: numberField(body, 'top_p') ?? LLAMACPP_DEFAULT_PARAMS.top_p,
    min_p: numberField(body, 'min_p') ?? LLAMACPP_DEFAULT_PARAMS.min_p,
    repeat_penalty: numberField(body, 'repeat_penalty') ?? LLAMACPP_DEFAULT_PARAMS.repeat_penalty,
  };
}

/** The seed actually used and the sampler plan the generator sees (greedy ignores the seed). */
export function llamaCppSampling(params: ReturnType<typeof llamaCppSettings>) {
  const seed = params.seed === UNSET_SEED ? randomSeed() : params.seed;
  const greedy = params.temperature <= 0 || params.top_k === 1;
  const { temperature, top_k, top_p, min_p, repeat_penalty } = params;
  return { seed, plan: greedySampler({ temperature, top_k, top_p, min_p, repeat_penalty }, seed, greedy) };
}
