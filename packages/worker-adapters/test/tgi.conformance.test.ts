// WA-013, WA-017: the tgi-http adapter passes THE conformance suite against the TGI
// simulator, a separate process speaking TGI's router protocol (`data:` with no
// space, EOS as a special token; kill = SIGKILL of that process), including every
// fault it can stage.
import { createTgiAdapter } from '../src/tgi-http/adapter.js';
import { generatedBySimulator, idleByMetrics, simulatorTarget } from './conformance/simulator-target.js';
import { defineConformanceSuite } from './conformance/suite.js';

defineConformanceSuite(
  simulatorTarget({
    name: 'tgi-http vs TGI simulator',
    workloads: { chat: true, tools: true, infill: false },
    protocol: 'tgi',
    defaults: { tokenDelayMs: 2, ctx: 8192, slots: 4 },
    createAdapter: (sim, extra) => createTgiAdapter({ endpoint: sim.endpoint, ...extra }),
    observe: (sim, adapter) => ({
      // TGI only counts generated tokens when a request finishes, so a per-token
      // count comes from the simulator's own introspection.
      generatedTokensTotal: generatedBySimulator(sim),
      isIdle: idleByMetrics(adapter),
    }),
  }),
);
