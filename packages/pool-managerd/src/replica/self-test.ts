// POOL-008, POOL-019, POOL-023, HOME-013, HOME-014, HOME-015: a replica is Ready
// only after it proved itself through the engine's own API: properties
// (version, slots, context), one minimal decode with a fixed prompt and seed,
// the cancel of a decode that is really running (the stream must end early, the
// engine must stay healthy and free the slot again), and a telemetry check: the engine's metrics endpoint reports
// figures, and, where the replica uses GPUs, their figures are readable. A
// failure names its step, so health, /readyz and the log can say which one.
import { setTimeout as delay } from 'node:timers/promises';
import { STRICT_SAMPLER_PROFILE_VERSION, resolveSamplerProfile } from '@llama-orch/worker-adapters';
import type { EngineAdapter, EngineMetricsSnapshot, EngineProperties } from '@llama-orch/worker-adapters';

export const SELF_TEST_PROMPT = 'the';
export const SELF_TEST_SEED = 42;
const CANCEL_MAX_TOKENS = 64;
/** How long a canceled decode's slot may stay busy; engines free it within a decode step or two. */
export const SLOT_FREE_BOUND_MS = 1_000;

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

/** The canceled decode's slot is free again: the engine reports no request running (when it reports it). */
async function slotFreed(adapter: EngineAdapter, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + SLOT_FREE_BOUND_MS;
  for (;;) {
    const running = (await adapter.metrics(signal)).requests_running;
    // An engine that does not report running requests leaves this to the telemetry step.
    if (running === null || running === 0) return;
    if (Date.now() >= deadline)
      throw new Error(
        `the engine still reports ${running} request(s) running ${SLOT_FREE_BOUND_MS} ms after the decode was canceled: its slot was not freed`,
      );
    await delay(25, undefined, { signal });
  }
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
    if (tokens === 0) throw new Error('the decode ended without a single token');
    return tokens;
  });
  await step('cancel', async () => {
    const running = new AbortController();
    const both = AbortSignal.any([signal, running.signal]);
    let tokens = 0;
    try {
      for await (const event of adapter.complete({
        prompt: SELF_TEST_PROMPT,
        max_tokens: CANCEL_MAX_TOKENS,
        seed: SELF_TEST_SEED,
        sampler,
        signal: both,
      })) {
        if (event.type !== 'token') continue;
        tokens += 1;
        running.abort(new Error('self-test cancel'));
      }
    } catch (err) {
      if (!running.signal.aborted) throw err;
    }
    signal.throwIfAborted();
    // A decode that ended by itself before its first token proved nothing about cancel.
    if (!running.signal.aborted)
      throw new Error('the decode ended before its first token, before it could be canceled');
    if (tokens >= CANCEL_MAX_TOKENS) throw new Error('the canceled decode still ran to its end');
    const health = await adapter.health(signal);
    if (health.type !== 'ready')
      throw new Error(`engine is ${health.type} after a canceled decode: ${health.detail}`);
    // llama-server computes its metrics from the slots when asked; vLLM's and TGI's gauges move with
    // their scheduler loop, which idles after the cancel, so a stale figure there would prove nothing.
    if (adapter.engine === 'llamacpp') await slotFreed(adapter, signal);
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
