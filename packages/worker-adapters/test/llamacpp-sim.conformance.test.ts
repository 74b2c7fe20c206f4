// WA-013, WA-015: the llamacpp-http adapter passes THE conformance suite against
// the llama.cpp simulator too (the real-engine run lives in
// llamacpp-real.conformance.test.ts). The simulator adds what a real llama-server
// cannot stage on demand: hangs, in-stream errors, OOM and the 503 loading phase.
import { GOLDEN_TEXT, startSimulator } from '@llama-orch/engine-simulators';
import type { SimulatorStartOptions } from '@llama-orch/engine-simulators';
import { createLlamaCppAdapter } from '../src/index.js';
import type { AdapterTimeouts } from '../src/index.js';
import { defineConformanceSuite } from './conformance/suite.js';
import type { ConformanceEngine } from './conformance/suite.js';

type SimSettings = Omit<SimulatorStartOptions, 'protocol'>;

async function engineFor(
  settings: SimSettings,
  timeouts?: Partial<AdapterTimeouts>,
): Promise<ConformanceEngine> {
  const sim = await startSimulator({ protocol: 'llamacpp', tokenDelayMs: 2, ctx: 8192, ...settings });
  const adapter = createLlamaCppAdapter({ endpoint: sim.endpoint, ...(timeouts && { timeouts }) });
  return {
    adapter,
    ...(sim.options.model === 'golden' && { golden: { prompt: 'the', text: GOLDEN_TEXT } }),
    kill: () => sim.kill('SIGKILL'),
    stop: () => sim.stop(),
    generatedTokensTotal: async () => (await adapter.metrics()).tokens_generated_total,
    // As on a real llama-server: /slots is_processing.
    isIdle: async () => (await adapter.slots()).every((slot) => !slot.is_processing),
  };
}

defineConformanceSuite({
  name: 'llamacpp-http vs llama.cpp simulator',
  engine: 'llamacpp',
  start: ({ model }) => engineFor({ model }),
  capabilities: {
    longMaxTokens: 2_000,
    faults: {
      hang: () =>
        engineFor({ model: 'seeded', faults: [{ type: 'hang-after', tokens: 2 }] }, { idleMs: 500 }),
      errorMidStream: () => engineFor({ model: 'seeded', faults: [{ type: 'error-after', tokens: 2 }] }),
      vramOom: () => engineFor({ model: 'seeded', faults: [{ type: 'oom-after', tokens: 2 }] }),
      // llama-server answers 503 on every route while the model loads.
      loading: () => engineFor({ model: 'seeded', loadingMs: 60_000, waitFor: 'listening' }),
    },
  },
});
