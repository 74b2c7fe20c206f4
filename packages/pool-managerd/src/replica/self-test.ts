// POOL-008, POOL-019, POOL-023, HOME-013, HOME-014, HOME-015: a replica is Ready
// only after it proved itself through the engine's own API: properties
// (version, slots, context), one minimal decode with a fixed prompt and seed,
// the cancel of a decode that is really running (the engine must stay healthy
// after it), and a telemetry check: the engine's metrics endpoint reports
// figures, and, where the replica uses GPUs, their figures are readable. A
// failure names its step, so health, /readyz and the log can say which one.
import { STRICT_SAMPLER_PROFILE_VERSION, resolveSamplerProfile } from '@llama-orch/worker-adapters';
import type { EngineAdapter, EngineMetricsSnapshot, EngineProperties } from '@llama-orch/worker-adapters';

export const SELF_TEST_PROMPT = 'the';
export const SELF_TEST_SEED = 42;

export type SelfTestStep = 'properties' | 'decode' | 'cancel' | 'telemetry';

export class SelfTestError extends Error {
  override readonly name = 'SelfTestError';
  constructor(
    readonly step: SelfTestStep,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

export interface SelfTestOptions {
  /**
   * Reads the GPU figures of the replica's devices and throws when they are unreadable;
   * part of the telemetry step. Absent for a replica that uses no GPU (HOME-013).
   */
  gpuFigures?: (signal: AbortSignal) => Promise<void>;
}

export interface SelfTestResult {
  properties: EngineProperties;
  decodeTokens: number;
}

async function step<T>(name: SelfTestStep, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (cause) {
    if (cause instanceof SelfTestError) throw cause;
    throw new SelfTestError(name, `self-test step "${name}" failed: ${(cause as Error).message}`, { cause });
  }
}

function reportsAnyFigure(metrics: EngineMetricsSnapshot): boolean {
  return Object.values(metrics).some((value) => value !== null);
}

export async function runSelfTest(
  adapter: EngineAdapter,
  signal: AbortSignal,
  options: SelfTestOptions = {},
): Promise<SelfTestResult> {
  const sampler = resolveSamplerProfile(STRICT_SAMPLER_PROFILE_VERSION)!;
  const properties = await step('properties', () => adapter.properties(signal));
  const decodeTokens = await step('decode', async () => {
    let tokens = 0;
    let ended = false;
    for await (const event of adapter.complete({
      prompt: SELF_TEST_PROMPT,
      max_tokens: 2,
      seed: SELF_TEST_SEED,
      sampler,
      signal,
    })) {
      if (event.type === 'token') tokens++;
      else ended = true;
    }
    if (!ended) throw new Error('the stream closed without an end event');
    return tokens;
  });
  await step('cancel', async () => {
    const running = new AbortController();
    const both = AbortSignal.any([signal, running.signal]);
    try {
      for await (const event of adapter.complete({
        prompt: SELF_TEST_PROMPT,
        max_tokens: 64,
        seed: SELF_TEST_SEED,
        sampler,
        signal: both,
      })) {
        if (event.type === 'token') running.abort(new Error('self-test cancel'));
      }
    } catch (err) {
      if (!running.signal.aborted) throw err;
    }
    signal.throwIfAborted();
    // A decode that ended by itself before its first token proved nothing about cancel.
    if (!running.signal.aborted)
      throw new Error('the decode ended before its first token, before it could be canceled');
    const health = await adapter.health(signal);
    if (health.type !== 'ready')
      throw new Error(`engine is ${health.type} after a canceled decode: ${health.detail}`);
  });
  await step('telemetry', async () => {
    const metrics = await adapter.metrics(signal);
    if (!reportsAnyFigure(metrics))
      throw new Error(
        `the engine's metrics endpoint at ${adapter.endpoint} reports none of the figures pool-managerd reads (is it started with metrics enabled?)`,
      );
    await options.gpuFigures?.(signal);
  });
  return { properties, decodeTokens };
}
