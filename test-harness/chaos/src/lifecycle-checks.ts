// The invariants the model-based lifecycle chaos test checks once a command
// sequence has settled, and the way back to the known starting state between
// sequences (through the API: reload, never a restart of the stack). Every
// wait is bounded; a bound that runs out is the finding, with the last
// observation in the message.
//   1. every admitted task ended exactly once, with `end` or an `error` that has a code, and
//      was canceled only for a cause the sequence gave (hang-up, cancel, a later drain);
//   2. every replica is Ready, restarting (Backoff) or CircuitOpen with a reason, never
//      Failed-and-forgotten, within SETTLE_BOUND_MS; drained and never-started pools' replicas
//      are Stopped with no pid; each serves the model the model says;
//   3. every pool not drained serves a fresh task (202 then `end`) within SETTLE_BOUND_MS;
//   4. no llama-server of this stack is alive that pool-managerd does not report.
import type { Replica } from '@llama-orch/contracts';
import { engineProcesses } from './engine-processes.js';
import { terminals, waitFor } from './index.js';
import type { Stack } from './index.js';
import {
  ALL_POOL_IDS,
  POOL_CTX,
  POOL_IDS,
  STREAM_BOUND_MS,
  TASK_DEADLINE_MS,
  learnDigest,
  originalRef,
} from './lifecycle-model.js';
import type { Model, PoolId, Real } from './lifecycle-model.js';
import { endedOnceProblem, readToClose } from './task-ledger.js';
import type { TaskLedger } from './task-ledger.js';

/** How long a replica may take to recover (restart backoff 1 + 2 + 4 s, and loads) before it counts as forgotten. */
export const SETTLE_BOUND_MS = 30_000;
const RETRY_MS = 250;
const PROBE_MAX_TOKENS = 16;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** waitFor, but a timeout reports the last thing seen. */
async function until(what: string, boundMs: number, probe: () => Promise<string[]>): Promise<void> {
  let last: string[] = [];
  try {
    await waitFor(what, async () => (last = await probe()).length === 0, boundMs);
  } catch {
    throw new Error(`not within ${boundMs} ms: ${what}; last seen:\n  ${last.join('\n  ')}`);
  }
}

/** 1. Every admitted task ended exactly once. */
export async function checkTasksEndedOnce(ledger: TaskLedger): Promise<void> {
  const problems = (await ledger.settle()).flatMap(({ task, frames, failure }) => {
    const problem = failure ?? endedOnceProblem(frames!) ?? ledger.cancelProblem(task, frames!);
    return problem === undefined ? [] : [`${task.reading} task ${task.taskId} on ${task.poolId}: ${problem}`];
  });
  if (problems.length > 0)
    throw new Error(`tasks that did not end exactly once:\n  ${problems.join('\n  ')}`);
}

const describe = (r: Replica) =>
  `${r.id} ${r.state} pid=${r.pid} restarts=${r.restarts} model=${r.model_ref} last_error=${r.last_error}`;

/** Why a replica breaks invariant 2 now, or undefined. `ref` undefined: a never-started pool. */
function replicaProblem(
  r: Replica,
  stopped: boolean,
  ref: string | undefined,
  alive: ReadonlySet<number>,
  digests: ReadonlyMap<string, string>,
  backOffAllowed: boolean,
): string | undefined {
  if (ref !== undefined && r.model_ref !== ref) return `serves ${r.model_ref}, expected ${ref}`;
  // POOL-048: a restart after a reload must load the reloaded model's weights, not the slot's first.
  const digest = ref === undefined ? undefined : digests.get(ref);
  if (digest !== undefined && r.model_digest !== null && r.model_digest !== digest)
    return `runs weights ${r.model_digest.slice(0, 12)}…, not ${ref}'s ${digest.slice(0, 12)}…`;
  if (stopped) return r.state === 'Stopped' && r.pid === null ? undefined : 'should be Stopped with no pid';
  // Ready with a dead pid is a crash not noticed (yet): not settled.
  if (r.state === 'Ready')
    return typeof r.pid === 'number' && alive.has(r.pid) ? undefined : 'Ready without a live engine';
  if (r.state === 'Backoff') return backOffAllowed ? undefined : 'still backing off';
  if (r.state === 'CircuitOpen') return r.last_error ? undefined : 'CircuitOpen without a reason';
  return 'neither Ready, restarting (Backoff) nor CircuitOpen with a reason';
}

/** 2. Replicas recover, wait out a backoff, or say why they stopped; none is forgotten. */
export async function checkReplicas(
  stack: Stack,
  model: Model,
  markers: readonly string[],
  digests: ReadonlyMap<string, string>,
  /** false once the pools served again: every restart must have landed (Ready, on the right weights). */
  backOffAllowed = true,
): Promise<void> {
  await until('every replica Ready, in Backoff, or stopped with a reason', SETTLE_BOUND_MS, async () => {
    const alive = new Set((await engineProcesses(markers)).map((p) => p.pid));
    const problems: string[] = [];
    for (const pool of ALL_POOL_IDS) {
      const m = (model as Partial<Model>)[pool as PoolId];
      for (const r of await stack.replicas(pool)) {
        const problem = replicaProblem(r, m?.drained ?? true, m?.ref, alive, digests, backOffAllowed);
        if (problem !== undefined) problems.push(`${describe(r)}: ${problem}`);
      }
    }
    return problems;
  });
}

/** A fresh task for `ref` is admitted (retrying 503 within `boundMs`) and ends with `end`. */
export async function served(
  stack: Stack,
  pool: string,
  ref: string,
  boundMs = SETTLE_BOUND_MS,
): Promise<void> {
  const fields = {
    model_ref: ref,
    max_tokens: PROBE_MAX_TOKENS,
    ctx: POOL_CTX,
    deadline_ms: TASK_DEADLINE_MS,
  };
  const deadline = Date.now() + boundMs;
  let last = '';
  while (Date.now() < deadline) {
    const task = await stack.submit(fields);
    if (task.status === 202) {
      const frames = await readToClose(stack, task.taskId, STREAM_BOUND_MS);
      const [end] = terminals(frames);
      const problem = endedOnceProblem(frames) ?? (end!.event === 'end' ? undefined : 'ended with an error');
      if (problem !== undefined || end!.data['canceled'] === true)
        throw new Error(
          `fresh task on pool ${pool} (${ref}): ${problem ?? 'canceled'}: ${JSON.stringify(end)}`,
        );
      return;
    }
    last = `${task.status} ${JSON.stringify(task.body)}`;
    if (task.status !== 503) break;
    await sleep(RETRY_MS);
  }
  throw new Error(
    `pool ${pool} (model ${ref}) did not serve a fresh task within ${boundMs} ms; last answer ${last}`,
  );
}

/** 3. Every pool not drained serves. */
export async function checkServed(stack: Stack, model: Model): Promise<void> {
  for (const pool of POOL_IDS) if (!model[pool].drained) await served(stack, pool, model[pool].ref);
}

/** 4. Engines alive ⊆ engines pool-managerd reports (ps first, so a restart in between is not a stray). */
export async function checkNoStrayEngines(stack: Stack, markers: readonly string[]): Promise<void> {
  await until('no llama-server alive that pool-managerd does not own', SETTLE_BOUND_MS, async () => {
    const alive = await engineProcesses(markers);
    const owned = new Set<number>();
    for (const pool of ALL_POOL_IDS) for (const r of await stack.replicas(pool)) if (r.pid) owned.add(r.pid);
    return alive.filter((p) => !owned.has(p.pid)).map((p) => `${p.pid} ${p.args}`);
  });
}

export async function settleAndCheck(real: Real, model: Model, markers: readonly string[]): Promise<void> {
  await checkTasksEndedOnce(real.ledger);
  await checkReplicas(real.stack, model, markers, real.digests);
  await checkServed(real.stack, model);
  // A restart in progress passed the first check; it must have landed, on the model's weights.
  await checkReplicas(real.stack, model, markers, real.digests, false);
  await checkNoStrayEngines(real.stack, markers);
}

/**
 * The starting state of every sequence: each active pool just reloaded onto its original model
 * (fresh supervisors, no restarts counted, so the breaker's window is empty), Ready and served.
 * Always a reload, even when the pool looks fine, so a replayed `{ seed, path }` starts where the
 * failing run started. `strict` (the end of a sequence, every drain over): the reload must answer
 * `swapped` at once. Otherwise (start-up, after a failed sequence) busy answers are retried.
 */
export async function restore(real: Real, strict: boolean): Promise<void> {
  await real.ledger.settle();
  real.ledger.clear();
  const { stack } = real;
  for (const pool of POOL_IDS) {
    const ref = originalRef(pool);
    await until(`pool ${pool} reloaded onto ${ref}`, strict ? 0 : SETTLE_BOUND_MS, async () => {
      const response = await stack.api(`/v1/pools/${pool}/reload`, {
        method: 'POST',
        body: JSON.stringify({ new_model_ref: ref }),
      });
      const body = (await response.json()) as { outcome?: string };
      return body.outcome === 'swapped' ? [] : [`${response.status} ${JSON.stringify(body)}`];
    });
    await learnDigest(real, pool, ref);
    await until(`pool ${pool} Ready`, SETTLE_BOUND_MS, async () =>
      (await stack.replicas(pool)).filter((r) => r.state !== 'Ready').map(describe),
    );
  }
  for (const pool of POOL_IDS) await served(stack, pool, originalRef(pool));
}
