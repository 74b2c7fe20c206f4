// POOL-046: an engine is Ready only when GET /health answers 200. Connection
// refused (socket not bound yet) and 503 (model loading) both mean "not yet".
import { setTimeout as delay } from 'node:timers/promises';

export type HealthProbe = { type: 'ready' } | { type: 'not-ready'; detail: string };

export async function probeHealth(endpoint: string, timeoutMs = 2_000): Promise<HealthProbe> {
  try {
    const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status === 200
      ? { type: 'ready' }
      : { type: 'not-ready', detail: `HTTP ${response.status}` };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    return { type: 'not-ready', detail: cause?.code ?? (err as Error).message };
  }
}

/** Polls until ready; rejects with `signal.reason` when the signal aborts (timeout, exit, caller). */
export async function waitUntilHealthy(endpoint: string, signal: AbortSignal, pollMs = 100): Promise<void> {
  for (;;) {
    signal.throwIfAborted();
    if ((await probeHealth(endpoint)).type === 'ready') return;
    await delay(pollMs, undefined, { signal });
  }
}
