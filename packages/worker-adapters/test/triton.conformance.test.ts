// WA-013, WA-018: the triton adapter passes THE conformance suite against the Triton
// simulator, a separate process speaking KServe v2 + the generate extension for a
// TensorRT-LLM ensemble (kill = SIGKILL of that process), including every fault
// it can stage.
import { GOLDEN_TEXT, startSimulator } from '@llama-orch/engine-simulators';
import type { SimulatorStartOptions } from '@llama-orch/engine-simulators';
import type { AdapterTimeouts } from '../src/index.js';
import { createTritonAdapter } from '../src/triton/adapter.js';
import { defineConformanceSuite } from './conformance/suite.js';
import type { ConformanceEngine } from './conformance/suite.js';

type SimSettings = Omit<SimulatorStartOptions, 'protocol'>;

async function engineFor(
  settings: SimSettings,
  timeouts?: Partial<AdapterTimeouts>,
): Promise<ConformanceEngine> {
  const sim = await startSimulator({ protocol: 'triton', tokenDelayMs: 2, ctx: 8192, ...settings });
  const adapter = createTritonAdapter({
    endpoint: sim.endpoint,
    model: sim.options.modelName,
    ...(timeouts && { timeouts }),
  });
  return {
    adapter,
    ...(sim.options.model === 'golden' && { golden: { prompt: 'the', text: GOLDEN_TEXT } }),
    kill: () => sim.kill('SIGKILL'),
    stop: () => sim.stop(),
    // Triton publishes no generated-token counter; the simulator's introspection stands in.
    generatedTokensTotal: async () => (await sim.state()).counters.generationTokensTotal,
    isIdle: async () => {
      const m = await adapter.metrics();
      return m.requests_running === 0 && m.requests_waiting === 0;
    },
  };
}

defineConformanceSuite({
  name: 'triton vs Triton/TRT-LLM simulator',
  engine: 'triton',
  start: ({ model }) => engineFor({ model }),
  capabilities: {
    longMaxTokens: 2_000,
    faults: {
      hang: () =>
        engineFor({ model: 'seeded', faults: [{ type: 'hang-after', tokens: 2 }] }, { idleMs: 500 }),
      errorMidStream: () => engineFor({ model: 'seeded', faults: [{ type: 'error-after', tokens: 2 }] }),
      vramOom: () => engineFor({ model: 'seeded', faults: [{ type: 'oom-after', tokens: 2 }] }),
    },
  },
});
