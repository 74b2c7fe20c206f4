// WA-013: per-test engine simulator processes for the adapter-specific test files.
// Each case starts the simulator configured for it and every process is stopped after
// the case, so no test sees another's engine state and none outlives the run.
import { startSimulator } from '@llama-orch/engine-simulators';
import type { SimProtocol, SimulatorHandle, SimulatorStartOptions } from '@llama-orch/engine-simulators';
import { afterEach } from 'vitest';
import type { CompletionRequest, EngineAdapter } from '../../src/index.js';
import { profile } from '../conformance/helpers.js';

export type SimSettings = Omit<SimulatorStartOptions, 'protocol'>;

export interface SimulatorCase<A extends EngineAdapter> {
  sim: SimulatorHandle;
  adapter: A;
}

/**
 * Registers the after-each stop and returns `setup(settings, ...rest)`, which starts a
 * `protocol` simulator and builds the adapter for it (`rest` goes to `createAdapter`).
 */
export function simulatorSetup<A extends EngineAdapter, Rest extends unknown[] = []>(
  protocol: SimProtocol,
  createAdapter: (sim: SimulatorHandle, ...rest: Rest) => A,
): (settings: SimSettings, ...rest: Rest) => Promise<SimulatorCase<A>> {
  const started: SimulatorHandle[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sim) => sim.stop()));
  });
  return async (settings, ...rest) => {
    const sim = await startSimulator({ protocol, ...settings });
    started.push(sim);
    return { sim, adapter: createAdapter(sim, ...rest) };
  };
}

/** A small seeded default-v1 completion; cases override what they test. */
export const completionRequest = (overrides: Partial<CompletionRequest> = {}): CompletionRequest => ({
  prompt: 'hello',
  max_tokens: 8,
  seed: 1,
  sampler: profile('default-v1'),
  ...overrides,
});
