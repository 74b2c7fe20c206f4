// WA-013, WA-015: the llamacpp-http adapter passes THE conformance suite against
// the llama.cpp simulator too (the real-engine run lives in
// llamacpp-real.conformance.test.ts). The simulator adds what a real llama-server
// cannot stage on demand: hangs, in-stream errors, OOM and the 503 loading phase.
import { createLlamaCppAdapter } from '../src/index.js';
import { simulatorTarget } from './conformance/simulator-target.js';
import { defineConformanceSuite } from './conformance/suite.js';

defineConformanceSuite(
  simulatorTarget({
    name: 'llamacpp-http vs llama.cpp simulator',
    workloads: { chat: true, tools: true, infill: true },
    protocol: 'llamacpp',
    defaults: { tokenDelayMs: 2, ctx: 8192 },
    createAdapter: (sim, extra) => createLlamaCppAdapter({ endpoint: sim.endpoint, ...extra }),
    observe: (_sim, adapter) => ({
      generatedTokensTotal: async () => (await adapter.metrics()).tokens_generated_total,
      // As on a real llama-server: /slots is_processing.
      isIdle: async () => (await adapter.slots()).every((slot) => !slot.is_processing),
    }),
    // llama-server answers 503 on every route while the model loads.
    loading: { model: 'seeded', loadingMs: 60_000, waitFor: 'listening' },
  }),
);
