// WA-013, WA-016: the vllm-http adapter passes THE conformance suite against the vLLM
// simulator, a separate process speaking vLLM's OpenAI-compatible protocol
// (kill = SIGKILL of that process), including every fault it can stage.
import { createVllmAdapter } from '../src/vllm-http/adapter.js';
import { idleByMetrics, simulatorTarget } from './conformance/simulator-target.js';
import { defineConformanceSuite } from './conformance/suite.js';

defineConformanceSuite(
  simulatorTarget({
    name: 'vllm-http vs vLLM simulator',
    workloads: { chat: true, tools: true, infill: false },
    protocol: 'vllm',
    defaults: { tokenDelayMs: 2, ctx: 8192 },
    createAdapter: (sim, extra) =>
      createVllmAdapter({ endpoint: sim.endpoint, model: sim.options.modelName, ...extra }),
    observe: (_sim, adapter) => ({
      // Out of band, as an operator would: the engine's own Prometheus counter and gauges.
      generatedTokensTotal: async () => (await adapter.metrics()).tokens_generated_total,
      isIdle: idleByMetrics(adapter),
    }),
  }),
);
