// WA-013, WA-016: the vllm-http adapter passes THE conformance suite against the vLLM
// simulator, a separate process speaking vLLM's OpenAI-compatible protocol
// (kill = SIGKILL of that process), including every fault it can stage.
import { GOLDEN_TEXT, startSimulator } from '@llama-orch/engine-simulators';
import type { SimulatorStartOptions } from '@llama-orch/engine-simulators';
import type { AdapterTimeouts } from '../src/index.js';
import { createVllmAdapter } from '../src/vllm-http/adapter.js';
import { defineConformanceSuite } from './conformance/suite.js';
import type { ConformanceEngine } from './conformance/suite.js';

type SimSettings = Omit<SimulatorStartOptions, 'protocol'>;

async function engineFor(
  settings: SimSettings,
  timeouts?: Partial<AdapterTimeouts>,
): Promise<ConformanceEngine> {
  const sim = await startSimulator({ protocol: 'vllm', tokenDelayMs: 2, ctx: 8192, ...settings });
  const adapter = createVllmAdapter({
    endpoint: sim.endpoint,
    model: sim.options.modelName,
    ...(timeouts && { timeouts }),
  });
  return {
    adapter,
    ...(sim.options.model === 'golden' && { golden: { prompt: 'the', text: GOLDEN_TEXT } }),
    kill: () => sim.kill('SIGKILL'),
    stop: () => sim.stop(),
    // Out of band, as an operator would: the engine's own Prometheus counter and gauges.
    generatedTokensTotal: async () => (await adapter.metrics()).tokens_generated_total,
    isIdle: async () => {
      const m = await adapter.metrics();
      return m.requests_running === 0 && m.requests_waiting === 0;
    },
  };
}

defineConformanceSuite({
  name: 'vllm-http vs vLLM simulator',
  engine: 'vllm',
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
