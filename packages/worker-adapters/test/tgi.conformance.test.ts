// WA-013, WA-017: the tgi-http adapter passes THE conformance suite against the TGI
// simulator, a separate process speaking TGI's router protocol (`data:` with no
// space, EOS as a special token; kill = SIGKILL of that process), including every
// fault it can stage.
import { GOLDEN_TEXT, startSimulator } from '@llama-orch/engine-simulators';
import type { SimulatorStartOptions } from '@llama-orch/engine-simulators';
import type { AdapterTimeouts } from '../src/index.js';
import { createTgiAdapter } from '../src/tgi-http/adapter.js';
import { defineConformanceSuite } from './conformance/suite.js';
import type { ConformanceEngine } from './conformance/suite.js';

type SimSettings = Omit<SimulatorStartOptions, 'protocol'>;

async function engineFor(
  settings: SimSettings,
  timeouts?: Partial<AdapterTimeouts>,
): Promise<ConformanceEngine> {
  const sim = await startSimulator({ protocol: 'tgi', tokenDelayMs: 2, ctx: 8192, slots: 4, ...settings });
  const adapter = createTgiAdapter({ endpoint: sim.endpoint, ...(timeouts && { timeouts }) });
  return {
    adapter,
    ...(sim.options.model === 'golden' && { golden: { prompt: 'the', text: GOLDEN_TEXT } }),
    kill: () => sim.kill('SIGKILL'),
    stop: () => sim.stop(),
    // TGI only counts generated tokens when a request finishes, so a per-token
    // count comes from the simulator's own introspection.
    generatedTokensTotal: async () => (await sim.state()).counters.generationTokensTotal,
    isIdle: async () => {
      const m = await adapter.metrics();
      return m.requests_running === 0 && m.requests_waiting === 0;
    },
  };
}

defineConformanceSuite({
  name: 'tgi-http vs TGI simulator',
  engine: 'tgi',
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
