// POOL-008, POOL-019, POOL-023, HOME-013, HOME-015: a replica is Ready only
// after it proved itself through the engine's own API: properties (version,
// slots, context), one minimal decode with a fixed prompt and seed, the cancel
// of a running decode (the engine must stay healthy after it), and a telemetry
// check (its metrics endpoint answers).
import { STRICT_SAMPLER_PROFILE_VERSION, resolveSamplerProfile } from '@llama-orch/worker-adapters';
import type { EngineAdapter, EngineProperties } from '@llama-orch/worker-adapters';

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

export async function runSelfTest(adapter: EngineAdapter, signal: AbortSignal): Promise<SelfTestResult> {
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
    const health = await adapter.health(signal);
    if (health.type !== 'ready')
      throw new Error(`engine is ${health.type} after a canceled decode: ${health.detail}`);
  });
  await step('telemetry', () => adapter.metrics(signal));
  return { properties, decodeTokens };
}
