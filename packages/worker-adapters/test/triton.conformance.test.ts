// WA-013, WA-018: the triton adapter passes THE conformance suite against the Triton
// simulator, a separate process speaking KServe v2 + the generate extension for a
// TensorRT-LLM ensemble (kill = SIGKILL of that process), including every fault
// it can stage.
import { createTritonAdapter } from '../src/triton/adapter.js';
import { generatedBySimulator, idleByMetrics, simulatorTarget } from './conformance/simulator-target.js';
import { defineConformanceSuite } from './conformance/suite.js';

defineConformanceSuite(
  simulatorTarget({
    name: 'triton vs Triton/TRT-LLM simulator',
    workloads: { chat: false, tools: false, infill: false },
    protocol: 'triton',
    defaults: { tokenDelayMs: 2, ctx: 8192 },
    createAdapter: (sim, extra) =>
      createTritonAdapter({ endpoint: sim.endpoint, model: sim.options.modelName, ...extra }),
    observe: (sim, adapter) => ({
      // Triton publishes no generated-token counter; the simulator's introspection stands in.
      generatedTokensTotal: generatedBySimulator(sim),
      isIdle: idleByMetrics(adapter),
    }),
  }),
);
