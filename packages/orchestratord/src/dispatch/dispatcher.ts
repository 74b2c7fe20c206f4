// ORCHD dispatcher (CORE-020..CORE-028, MET-014, HOUSE_STYLE 7): one
// event-loop pass hands queued tasks to replicas, and only when
// orchestrator-core's placement finds a Ready replica with a free slot. The
// slot is reserved synchronously in the same pass, so two tasks can never be
// placed on one free slot. Wakes on admission, slot release and replica
// recovery; there is no polling loop. Queued work for a model its pool was
// reloaded away from ends at once (ORCHD-043).
import { observeDrain, place, NO_DRAIN_OBSERVED } from '@llama-orch/orchestrator-core';
import {
  DEFAULT_SAMPLER_PROFILE_VERSION,
  resolveSamplerProfile,
  type SamplerParams,
} from '@llama-orch/worker-adapters';
import type { PoolConfig } from '@llama-orch/contracts';
import type { DataPlaneContext } from '../data-plane-context.js';
import { refuseUnservedModel } from '../tasks/task-control.js';
import { dispatchTask } from '../tasks/task-lifecycle.js';
import type { TaskRecord } from '../tasks/task-record.js';
import { runTask } from './run-task.js';

/** Seed used when a request names none, so the same request still gives the same stream (DET). */
export const DEFAULT_SEED = 0;

export interface Dispatcher {
  kick(): void;
  /** Tasks reserved on or running at a replica. */
  readonly active: ReadonlySet<TaskRecord>;
  /** Resolves when every active task has settled. */
  idle(): Promise<void>;
}

/** The profile's parameters, with the task's own temperature / top_p where it set them. */
export function samplerFor(
  pool: PoolConfig,
  requested: string | undefined,
  overrides: { temperature?: number | undefined; top_p?: number | undefined } = {},
): SamplerParams {
  const base = resolveSamplerProfile(requested ?? pool.sampler_profile_version) ??
    resolveSamplerProfile(DEFAULT_SAMPLER_PROFILE_VERSION) ?? {
      temperature: 0,
      top_k: 1,
      top_p: 1,
      min_p: 0,
      repetition_penalty: 1,
    };
  if (overrides.temperature !== undefined) base.temperature = overrides.temperature;
  if (overrides.top_p !== undefined) base.top_p = overrides.top_p;
  return base;
}

export function createDispatcher(ctx: DataPlaneContext): Dispatcher {
  const active = new Set<TaskRecord>();
  const running = new Set<Promise<void>>();
  let scheduled = false;

  const dispatchPool = (pool: PoolConfig): void => {
    const queue = ctx.queues.get(pool.id);
    // ORCHD-078: a resident that kept a swap waiting past max_wait_ms takes no new work.
    if (queue === undefined || ctx.residency?.holds(pool.id) === true) return;
    for (let head = queue.peek(); head !== undefined; head = queue.peek()) {
      const session = ctx.sessions.get(head.request.session_id, ctx.now());
      // The head has nothing queued ahead of it, hence queued: 0.
      const snapshot = ctx.replicas.poolSnapshot(pool.id, 0, ctx.serviceTimes.meanMs(pool.id));
      if (snapshot === undefined) return;
      const decision = place(
        { pools: [snapshot] },
        {
          model_ref: head.request.model_ref,
          engine: head.request.engine,
          last_replica_id: head.request.kv_hint === 'cold' ? null : (session?.replica_id ?? null),
        },
      );
      if (decision.type !== 'placed') {
        // Only a reload makes a queued task's model differ from its pool's; waiting would block the queue.
        if (snapshot.model_ref === head.request.model_ref) break;
        refuseUnservedModel(ctx, head, snapshot.model_ref);
        if (queue.peek() === head) break;
        continue;
      }
      const replica = ctx.replicas.get(decision.replica_id);
      if (replica === undefined) break;
      queue.dequeue();
      ctx.drains.set(pool.id, observeDrain(ctx.drains.get(pool.id) ?? NO_DRAIN_OBSERVED, ctx.now()));
      // Queues hold only queued tasks (every end dequeues first); a refusal here just drops a stale entry.
      const placement = {
        replica,
        kv_warmth: decision.kv_warmth,
        affinity: decision.affinity,
        dispatched_at: ctx.now(),
      };
      if (!dispatchTask(head, placement)) continue;
      ctx.clients.dispatched(head.client, placement.dispatched_at);
      replica.inFlight += 1;
      ctx.residency?.used(pool.id);
      ctx.sessions.apply(head.request.session_id, { type: 'placed', replica_id: replica.id }, ctx.now());
      start(head, replica.id);
    }
  };

  const start = (task: TaskRecord, replicaId: string): void => {
    const replica = ctx.replicas.get(replicaId);
    if (replica === undefined) return;
    active.add(task);
    const run = runTask(ctx, task, replica, {
      sampler: samplerFor(task.pool, task.request.sampler_profile_version, task.request),
      seed: task.request.seed ?? DEFAULT_SEED,
    }).finally(() => {
      active.delete(task);
      running.delete(run);
      ctx.residency?.used(task.pool.id);
    });
    running.add(run);
  };

  const pump = (): void => {
    scheduled = false;
    if (ctx.state !== 'running' && ctx.state !== 'draining') return;
    for (const pool of ctx.replicas.pools.values()) dispatchPool(pool);
  };

  return {
    kick() {
      if (scheduled) return;
      scheduled = true;
      // Once the caller's synchronous step is done, before the 202 is written: the engine round trip is
      // the longest leg of time to first token, so it starts first (issue 5, ORCHD-006). Kicks within one
      // step still coalesce into one pass.
      queueMicrotask(pump);
    },
    active,
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
