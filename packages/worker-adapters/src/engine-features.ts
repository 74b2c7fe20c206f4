// WA-020: what each engine kind serves beyond raw completions, as one table.
// Admission refuses a workload an engine cannot serve with a 400 that names the
// engines that can, and GET /v1/capabilities publishes the same table.
import type { EngineFeatures, EngineKind } from './port.js';

export const ENGINE_FEATURES: Readonly<Record<EngineKind, Readonly<EngineFeatures>>> = {
  // llama-server: /v1/chat/completions with --jinja (template + tool-call parsing), /infill
  // when the model has FIM tokens, json via grammar.
  llamacpp: { chat: true, tools: true, infill: true, json_output: true },
  // vLLM and TGI: OpenAI chat endpoints with tools and guided JSON; neither has an infill endpoint.
  vllm: { chat: true, tools: true, infill: false, json_output: true },
  tgi: { chat: true, tools: true, infill: false, json_output: true },
  // Triton's generate extension takes text only; a TRT-LLM deployment has no chat template endpoint.
  triton: { chat: false, tools: false, infill: false, json_output: false },
  mock: { chat: true, tools: true, infill: true, json_output: false },
};

export type EngineFeature = keyof EngineFeatures;

/** Engine kinds (mock excluded) that serve a feature, for refusals that say where to go instead. */
export function enginesWith(feature: EngineFeature): string[] {
  return (Object.keys(ENGINE_FEATURES) as EngineKind[]).filter(
    (engine) => engine !== 'mock' && ENGINE_FEATURES[engine][feature],
  );
}
