// WA-013: public door of @llama-orch/engine-simulators: HTTP processes that speak the llama.cpp,
// vLLM, TGI and Triton protocols over a deterministic toy model, with injectable faults.
// Test tooling only; nothing in production may depend on this package.
export { GOLDEN_TEXT, planTokens } from './generator.js';
export type { GenerationParams, PlannedToken, SimModel } from './generator.js';
export { OOM_LINES, OOM_MESSAGE } from './engine-core.js';
export { parseFault, resolveOptions } from './options.js';
export type { SimFault, SimProtocol, SimulatorOptions } from './options.js';
export { STATE_PATH } from './server.js';
export { SimulatorStartError, startSimulator } from './start-simulator.js';
export type {
  SimulatorExit,
  SimulatorHandle,
  SimulatorStartOptions,
  SimulatorState,
} from './start-simulator.js';
export { BOS_ID, EOS_ID, EOS_TEXT, VOCABULARY, detokenize, tokenize } from './vocabulary.js';
