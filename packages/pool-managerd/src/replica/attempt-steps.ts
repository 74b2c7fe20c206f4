// POOL-009, POOL-011, POOL-012, HOME-014: the two halves of a start attempt that
// need no supervisor state. `proveEngine` is the gate between "answers /health"
// and Ready: the self-test must pass and the engine build must match the pool's
// pinned one; what it proves is written onto the replica's record. `failedStart`
// says why an attempt ended in a way an operator can act on: an engine that
// died while loading is classified like a crash (VRAM OOM, driver, host OOM),
// anything else carries the engine's last output lines.
import { scrubSecrets, type Replica } from '@llama-orch/contracts';
import type { EngineAdapter } from '@llama-orch/worker-adapters';
import { EngineProcessError } from '@llama-orch/engine-provision';
import { classifyDeath } from './failure-kind.js';
import { SelfTestError, runSelfTest } from './self-test.js';
import type { Outcome, ReplicaLaunch, SupervisorTimings } from './supervisor-types.js';

export async function proveEngine(
  adapter: EngineAdapter,
  launch: ReplicaLaunch,
  record: Replica,
  pinnedVersion: string | null,
  timings: SupervisorTimings,
  signal: AbortSignal,
): Promise<void> {
  const test = await runSelfTest(
    adapter,
    AbortSignal.any([signal, AbortSignal.timeout(timings.startupTimeoutMs)]),
    launch.gpuFigures ? { gpuFigures: launch.gpuFigures } : {},
  );
  if (pinnedVersion !== null && pinnedVersion !== test.properties.engine_version) {
    throw new Error(
      `engine_version ${test.properties.engine_version} differs from the pool's ${pinnedVersion}; all replicas of a pool must run the same engine build`,
    );
  }
  record.engine_version = test.properties.engine_version;
  record.slots_total = test.properties.slots_total;
  record.slots_free = test.properties.slots_total;
  if (test.properties.model_digest !== null && record.model_digest === null)
    record.model_digest = test.properties.model_digest;
}

/**
 * The failed outcome of a start attempt; `logTail` is the engine's latest output, already
 * scrubbed, and `secrets` are scrubbed from what the engine process itself captured.
 */
export function failedStart(err: unknown, logTail: readonly string[], secrets: readonly string[]): Outcome {
  if (err instanceof EngineProcessError && err.context.exit !== undefined) {
    const lastLog = err.context.lastLog.map((line) => scrubSecrets(line, secrets));
    const death = classifyDeath({ ...err.context.exit, logTail: lastLog, killedAsWedged: false });
    return { failed: `${death.message} (before becoming ready)` };
  }
  const message = scrubSecrets((err as Error).message, secrets);
  const tail = logTail.slice(-5).join(' | ');
  return {
    failed: `${message}${tail !== '' && !message.includes(tail) ? ` (engine output: ${tail})` : ''}`,
    ...(err instanceof SelfTestError && { selfTestStep: err.step }),
  };
}
