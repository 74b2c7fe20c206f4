// The model of the model-based lifecycle chaos test: which pools run, which
// model each should serve, which are drained, and when a submission must be
// admitted at once. Kept deliberately small; everything it does not predict
// (timing of restarts, which frame a killed stream ends with) is judged by the
// invariants in lifecycle-checks.ts once a sequence has settled.
//
// A drained pool stays drained (refuses work, its replicas Stopped, excluded
// from the "is served" check) until a reload to a good model brings it back;
// that is how an operator undrains a pool. A rolled-back reload leaves it drained.
import type { Stack } from './index.js';
import type { TaskLedger } from './task-ledger.js';

/** Context per request slot; large enough that a tiny-random reply lasts a while (~3k tokens/s on CPU). */
export const POOL_CTX = 4096;
/** Task deadline: a task queued on a replica that never comes back ends by then. */
export const TASK_DEADLINE_MS = 20_000;
/** How long a stream may stay open: the task deadline plus the watchdog's and a drain's slack. */
export const STREAM_BOUND_MS = TASK_DEADLINE_MS + 15_000;
/** Once a drained pool's work has ended (or was canceled at the deadline), how long its replicas may take to stop. */
export const DRAIN_STOP_SLACK_MS = 3_000;
/**
 * Kills and freezes per replica slot in one sequence. pool-managerd opens the circuit breaker at
 * 5 failures in 120 s (DEFAULT_RESTART_POLICY); staying below keeps "serves again" a fair check.
 */
export const FAULTS_PER_SLOT = 3;
export const BROKEN_REF = 'broken-model';

const generated = (ref: string, kind: 'bigram' | 'random' | 'tool', seed: number) => ({
  ref,
  generate: { kind, seed },
});

/** The pools a sequence drives: each serves its first model at start and can be reloaded onto the second. */
export const ACTIVE_POOLS = {
  // tiny-random first: its replies run to max_tokens, so a drain or a kill meets work in flight.
  alpha: {
    replicas: 2,
    parallel: 1,
    models: [generated('tiny-random', 'random', 7), generated('tiny-bigram', 'bigram', 42)],
  },
  // Three request slots in one engine: a drain must see when all of them are idle.
  beta: {
    replicas: 1,
    parallel: 3,
    models: [generated('tiny-tool', 'tool', 42), generated('tiny-bigram-b', 'bigram', 43)],
  },
} as const;
export type PoolId = keyof typeof ACTIVE_POOLS;
export const POOL_IDS = Object.keys(ACTIVE_POOLS) as PoolId[];
export const originalRef = (pool: PoolId): string => ACTIVE_POOLS[pool].models[0].ref;
const otherRef = (pool: PoolId, ref: string): string =>
  ACTIVE_POOLS[pool].models.find((m) => m.ref !== ref)!.ref;

/** The stack's config: the active pools, and never-started pools that make the other refs resolvable. */
export function stackPools(brokenPath: string): unknown[] {
  const cpu = { devices: 'cpu', allow_cpu_fallback: true, ctx: POOL_CTX, launch: { threads: 1 } };
  return [
    ...POOL_IDS.map((id) => ({
      ...cpu,
      id,
      replicas: ACTIVE_POOLS[id].replicas,
      model: ACTIVE_POOLS[id].models[0],
      launch: { ...cpu.launch, parallel: ACTIVE_POOLS[id].parallel },
      // Several slots share one batch, so llama.cpp is deterministic only with one.
      ...(ACTIVE_POOLS[id].parallel > 1 && { determinism: 'best_effort' }),
    })),
    ...POOL_IDS.map((id) => ({
      ...cpu,
      id: `${id}-spare`,
      preload: false,
      model: ACTIVE_POOLS[id].models[1],
    })),
    { ...cpu, id: 'broken', preload: false, model: { ref: BROKEN_REF, path: brokenPath } },
  ];
}

export interface PoolModel {
  /** The model the pool serves. */
  ref: string;
  drained: boolean;
  /**
   * Nothing has disturbed the pool since it was last known Ready everywhere (start, or a
   * reload that answered `swapped`): a submission must be admitted at once (202), never 503.
   */
  quiet: boolean;
  /** Kills and freezes per replica slot since the slot's supervisor was created. */
  faults: number[];
}
export type Model = Record<PoolId, PoolModel>;

export const initialModel = (): Model =>
  Object.fromEntries(
    POOL_IDS.map((id) => [
      id,
      { ref: originalRef(id), drained: false, quiet: true, faults: Array(ACTIVE_POOLS[id].replicas).fill(0) },
    ]),
  ) as Model;

export interface Real {
  stack: Stack;
  ledger: TaskLedger;
  /** Each model ref's weights (model_digest) as its replicas reported them right after a swap. */
  digests: Map<string, string>;
}

/** Notes the digest `pool`'s replicas load for `ref`, just after a reload onto it answered swapped. */
export async function learnDigest(real: Real, pool: string, ref: string): Promise<void> {
  const digest = (await real.stack.replicas(pool)).find((r) => r.model_digest !== null)?.model_digest;
  if (typeof digest === 'string') real.digests.set(ref, digest);
}

/** What a submission to `pool` may answer in the modelled state; `admitted` is 202 (or 200 when streamed). */
export function expectAdmission(
  pool: PoolId,
  m: PoolModel,
  status: number,
  admitted: number,
  body?: unknown,
): void {
  const ok = m.drained
    ? status === 503
    : m.quiet
      ? status === admitted
      : status === admitted || status === 503;
  if (!ok) {
    const state = m.drained
      ? 'drained'
      : m.quiet
        ? 'quiet (Ready since its last reload or start)'
        : 'disturbed';
    throw new Error(
      `submission to ${state} pool ${pool} (model ${m.ref}) answered ${status}: ${JSON.stringify(body)}`,
    );
  }
  if (status === 503 && (body as { retriable?: unknown } | undefined)?.retriable === false)
    throw new Error(`a 503 from pool ${pool} must be retriable: ${JSON.stringify(body)}`);
}

export type ReloadTarget = 'same' | 'other' | 'broken';

/** The ref a reload to `target` names, from the pool's modelled state. */
export function reloadRef(pool: PoolId, m: PoolModel, target: ReloadTarget): string {
  if (target === 'broken') return BROKEN_REF;
  return target === 'same' ? m.ref : otherRef(pool, m.ref);
}

/** Every pool of the config, the never-started ones included (their replicas must stay Stopped). */
export const ALL_POOL_IDS: readonly string[] = stackPools('').map((p) => (p as { id: string }).id);
