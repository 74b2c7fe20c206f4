// WA-013: one way to plug an HTTP adapter into THE conformance suite against its engine
// simulator. Every simulator target starts a separate simulator process per engine
// (kill = SIGKILL of that process) and stages the same faults the same way, so only
// what truly differs per engine (adapter construction, how to observe tokens and
// idleness out of band, extra faults) is left to each target file.
import { GOLDEN_TEXT, startSimulator } from '@llama-orch/engine-simulators';
import type { SimProtocol, SimulatorHandle, SimulatorStartOptions } from '@llama-orch/engine-simulators';
import type { AdapterTimeouts, EngineAdapter } from '../../src/index.js';
import type {
  ConformanceEngine,
  ConformanceFaults,
  ConformanceTarget,
  ConformanceWorkloads,
} from './types.js';

export type SimSettings = Omit<SimulatorStartOptions, 'protocol'>;

type Observers = Pick<ConformanceEngine, 'generatedTokensTotal' | 'isIdle'>;

export interface SimulatorTargetOptions<A extends EngineAdapter> {
  name: string;
  protocol: SimProtocol;
  /** Simulator settings under every start; a start's own settings win. */
  defaults: SimSettings;
  /** `extra` carries the short timeouts some fault cases need (empty otherwise). */
  createAdapter(sim: SimulatorHandle, extra: { timeouts?: Partial<AdapterTimeouts> }): A;
  observe(sim: SimulatorHandle, adapter: A): Observers;
  /** Settings for a simulator that answers but is still loading, where the engine has such a phase. */
  loading?: SimSettings;
  /** What the simulated engine serves beyond raw completions (its tool calls come from --tool-call). */
  workloads: ConformanceWorkloads;
}

/** Out of band through the engine's own Prometheus gauges: nothing running, nothing queued. */
export const idleByMetrics = (adapter: EngineAdapter) => async (): Promise<boolean> => {
  const m = await adapter.metrics();
  return m.requests_running === 0 && m.requests_waiting === 0;
};

/** The simulator's own introspection, for engines whose metrics cannot count tokens as they go. */
export const generatedBySimulator = (sim: SimulatorHandle) => async (): Promise<number> =>
  (await sim.state()).counters.generationTokensTotal;

export function simulatorTarget<A extends EngineAdapter>(
  options: SimulatorTargetOptions<A>,
): ConformanceTarget {
  async function engineFor(
    settings: SimSettings,
    timeouts?: Partial<AdapterTimeouts>,
  ): Promise<ConformanceEngine> {
    const sim = await startSimulator({ protocol: options.protocol, ...options.defaults, ...settings });
    const adapter = options.createAdapter(sim, timeouts ? { timeouts } : {});
    return {
      adapter,
      ...(sim.options.model === 'golden' && { golden: { prompt: 'the', text: GOLDEN_TEXT } }),
      kill: () => sim.kill('SIGKILL'),
      stop: () => sim.stop(),
      ...options.observe(sim, adapter),
    };
  }

  const { loading } = options;
  const faults: ConformanceFaults = {
    hang: () => engineFor({ model: 'seeded', faults: [{ type: 'hang-after', tokens: 2 }] }, { idleMs: 500 }),
    errorMidStream: () => engineFor({ model: 'seeded', faults: [{ type: 'error-after', tokens: 2 }] }),
    vramOom: () => engineFor({ model: 'seeded', faults: [{ type: 'oom-after', tokens: 2 }] }),
    ...(loading && { loading: () => engineFor(loading) }),
  };
  return {
    name: options.name,
    engine: options.protocol,
    start: ({ model, toolCall }) =>
      engineFor({
        model,
        ...(toolCall && {
          toolCalls: [{ name: toolCall.name, arguments: JSON.stringify(toolCall.arguments) }],
        }),
      }),
    capabilities: { longMaxTokens: 2_000, faults, workloads: options.workloads },
  };
}
