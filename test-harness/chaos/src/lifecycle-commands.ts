// The commands of the model-based lifecycle chaos test (fast-check
// `fc.commands`): what a client, an operator and the OS can do to a running
// stack. Each one acts on the real product, checks the answer the model
// predicts at once (admission, reload outcome, drain acceptance) and updates
// the model; the slower consequences are judged after the sequence settles.
import fc from 'fast-check';
import { waitFor } from './index.js';
import {
  ACTIVE_POOLS,
  DRAIN_STOP_SLACK_MS,
  FAULTS_PER_SLOT,
  POOL_CTX,
  POOL_IDS,
  TASK_DEADLINE_MS,
  expectAdmission,
  learnDigest,
  reloadRef,
} from './lifecycle-model.js';
import type { Model, PoolId, Real, ReloadTarget } from './lifecycle-model.js';

type Command = fc.AsyncCommand<Model, Real>;
/** A hung-up task asks for half the context, so it is usually still decoding when the client leaves. */
const HANG_UP_MAX_TOKENS = POOL_CTX / 2;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const taskFields = (ref: string, maxTokens: number) => ({
  model_ref: ref,
  max_tokens: maxTokens,
  ctx: POOL_CTX,
  deadline_ms: TASK_DEADLINE_MS,
});

/** Signals a process that may have exited meanwhile (a crash, the watchdog): that is not an error here. */
function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

async function enginePid(real: Real, pool: PoolId, slot: number): Promise<number | null> {
  const replica = (await real.stack.replicas(pool)).find((r) => r.id === `${pool}-${slot}`);
  return replica?.pid ?? null;
}

/** Submit a task and read its stream in the background. */
export class Submit implements Command {
  constructor(
    readonly pool: PoolId,
    readonly maxTokens: number,
  ) {}
  check = () => true;
  async run(m: Model, real: Real): Promise<void> {
    const task = await real.stack.submit(taskFields(m[this.pool].ref, this.maxTokens));
    if (task.status === 202) real.ledger.track(task.taskId, this.pool);
    expectAdmission(this.pool, m[this.pool], task.status, 202, task.body);
  }
  toString = () => `submit(${this.pool}, ${this.maxTokens})`;
}

/** Cancel one of the tasks submitted so far (running, queued or already ended). */
export class Cancel implements Command {
  constructor(readonly pick: number) {}
  check = () => true;
  async run(_m: Model, real: Real): Promise<void> {
    const task = real.ledger.pick(this.pick);
    if (task === undefined) return;
    task.canceled = true;
    const response = await real.stack.api(`/v1/tasks/${task.taskId}/cancel`, { method: 'POST' });
    if (response.status !== 204) throw new Error(`cancel of ${task.taskId} answered ${response.status}`);
  }
  toString = () => `cancel(#${this.pick})`;
}

/** Submit with the stream as the answer and hang up early: the task must still end exactly once. */
export class HangUp implements Command {
  constructor(
    readonly pool: PoolId,
    readonly afterMs: number,
  ) {}
  check = () => true;
  async run(m: Model, real: Real): Promise<void> {
    const fields = taskFields(m[this.pool].ref, HANG_UP_MAX_TOKENS);
    const status = await real.ledger.hangUp(this.pool, fields, this.afterMs);
    expectAdmission(this.pool, m[this.pool], status, 200);
  }
  toString = () => `hangUp(${this.pool}, ${this.afterMs} ms)`;
}

/** POST /v1/pools/{id}/reload: same model, the other model, or the broken GGUF (must roll back). */
export class Reload implements Command {
  constructor(
    readonly pool: PoolId,
    readonly target: ReloadTarget,
  ) {}
  check = () => true;
  async run(m: Model, real: Real): Promise<void> {
    const state = m[this.pool];
    const ref = reloadRef(this.pool, state, this.target);
    const response = await real.stack.api(`/v1/pools/${this.pool}/reload`, {
      method: 'POST',
      body: JSON.stringify({ new_model_ref: ref }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    const rollBack = this.target === 'broken';
    const expected = {
      pool_id: this.pool,
      outcome: rollBack ? 'rolled_back' : 'swapped',
      model_ref: rollBack ? state.ref : ref,
      previous_model_ref: state.ref,
    };
    const got = { ...body, status: response.status };
    if (response.status !== 200 || Object.entries(expected).some(([k, v]) => body[k] !== v))
      throw new Error(
        `reload of ${this.pool} to ${ref}: expected 200 ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`,
      );
    if (rollBack) return;
    await learnDigest(real, this.pool, ref);
    // A swap brings up new replicas (fresh supervisors) and ends a drain.
    state.ref = ref;
    state.drained = false;
    state.quiet = true;
    state.faults.fill(0);
  }
  toString = () => `reload(${this.pool} → ${this.target})`;
}

/**
 * POST /v1/pools/{id}/drain, then wait (bounded) until its work ended and its replicas stopped.
 * Also on a pool already drained: that drain is over, so a new one is accepted (POOL-049).
 */
export class Drain implements Command {
  constructor(
    readonly pool: PoolId,
    readonly deadlineMs: number,
  ) {}
  check = () => true;
  async run(m: Model, real: Real): Promise<void> {
    real.ledger.drained(this.pool);
    const response = await real.stack.api(`/v1/pools/${this.pool}/drain`, {
      method: 'POST',
      body: JSON.stringify({ deadline_ms: this.deadlineMs }),
    });
    const body = (await response.json()) as unknown;
    const expected = { pool_id: this.pool, draining: true, deadline_ms: this.deadlineMs };
    if (response.status !== 202 || JSON.stringify(body) !== JSON.stringify(expected))
      throw new Error(`drain of ${this.pool} answered ${response.status} ${JSON.stringify(body)}`);
    m[this.pool].drained = true;
    m[this.pool].quiet = false;
    // Its work ends when done, or canceled at the deadline; then nothing keeps the drain going.
    const work = real.ledger.tasks.filter((t) => t.poolId === this.pool).map((t) => t.frames);
    await Promise.allSettled(work);
    await waitFor(
      `pool ${this.pool}'s replicas to stop once its work ended`,
      async () =>
        (await real.stack.replicas(this.pool)).every((r) => r.state === 'Stopped' && r.pid === null),
      DRAIN_STOP_SLACK_MS,
    );
  }
  toString = () => `drain(${this.pool}, ${this.deadlineMs} ms)`;
}

abstract class SlotFault implements Command {
  constructor(
    readonly pool: PoolId,
    readonly slot: number,
  ) {}
  check = (m: Readonly<Model>) => !m[this.pool].drained && m[this.pool].faults[this.slot]! < FAULTS_PER_SLOT;
  async run(m: Model, real: Real): Promise<void> {
    m[this.pool].faults[this.slot]! += 1;
    m[this.pool].quiet = false;
    const pid = await enginePid(real, this.pool, this.slot);
    if (pid !== null) await this.strike(pid);
  }
  abstract strike(pid: number): Promise<void>;
}

/** SIGKILL of a replica's engine (a crash, host OOM). */
export class Kill extends SlotFault {
  override strike = async (pid: number) => void signal(pid, 'SIGKILL');
  override toString = () => `kill(${this.pool}-${this.slot})`;
}

/** SIGSTOP of a replica's engine, SIGCONT after a short pause (a stall). */
export class Freeze extends SlotFault {
  constructor(
    pool: PoolId,
    slot: number,
    readonly pauseMs: number,
  ) {
    super(pool, slot);
  }
  override strike = async (pid: number) => {
    if (!signal(pid, 'SIGSTOP')) return;
    await sleep(this.pauseMs);
    signal(pid, 'SIGCONT');
  };
  override toString = () => `freeze(${this.pool}-${this.slot}, ${this.pauseMs} ms)`;
}

export class Wait implements Command {
  constructor(readonly ms: number) {}
  check = () => true;
  run = () => sleep(this.ms);
  toString = () => `wait(${this.ms} ms)`;
}

const SLOTS = POOL_IDS.flatMap((pool) =>
  Array.from({ length: ACTIVE_POOLS[pool].replicas }, (_, slot) => ({ pool, slot })),
);

/** The random command mix; the bounds keep one sequence within seconds on a 2-core box. */
export function commandArbitraries(): fc.Arbitrary<Command>[] {
  const pool = fc.constantFrom(...POOL_IDS);
  const slot = fc.constantFrom(...SLOTS);
  return [
    fc.tuple(pool, fc.integer({ min: 1, max: POOL_CTX - 64 })).map(([p, n]) => new Submit(p, n)),
    fc.nat({ max: 16 }).map((pick) => new Cancel(pick)),
    fc.tuple(pool, fc.integer({ min: 0, max: 200 })).map(([p, ms]) => new HangUp(p, ms)),
    fc
      .tuple(pool, fc.constantFrom<ReloadTarget>('same', 'other', 'broken'))
      .map(([p, t]) => new Reload(p, t)),
    fc.tuple(pool, fc.integer({ min: 0, max: 5_000 })).map(([p, ms]) => new Drain(p, ms)),
    slot.map((s) => new Kill(s.pool, s.slot)),
    fc.tuple(slot, fc.integer({ min: 50, max: 1_500 })).map(([s, ms]) => new Freeze(s.pool, s.slot, ms)),
    fc.integer({ min: 50, max: 600 }).map((ms) => new Wait(ms)),
  ];
}
