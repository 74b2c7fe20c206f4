// ORCHD stream progress (ORCHD-013, ORCHD-019): the `metrics` frames a task's
// stream carries while queued and while decoding (queue depth, on-time
// probability from orchestrator-core, KV warmth, remaining budgets) and the
// budget headers. A task's end goes through task-lifecycle.ts.
import {
  onTimeProbability,
  predictStart,
  predictStartWithLoad,
  sessionView,
} from '@llama-orch/orchestrator-core';
import type { PoolConfig } from '@llama-orch/contracts';
import type { DataPlaneContext } from '../data-plane-context.js';
import type { LoadTiming } from '../residency/residency-manager.js';
import type { MetricsFrame } from '../streaming/stream-events.js';
import type { TaskRecord } from './task-record.js';

export interface PoolSlots {
  free: number;
  total: number;
}

/** CORE-077: when a task at `position` in the pool's queue starts, its model's load counted in. */
export function predictedStartAfterLoad(
  ctx: DataPlaneContext,
  pool: PoolConfig,
  position: number,
  timing: LoadTiming,
): number {
  return predictStartWithLoad({
    ...timing,
    now_ms: ctx.now(),
    queue_position: position,
    slots_total: pool.launch?.parallel ?? 1,
    service_ms: ctx.serviceTimes.meanMs(pool.id),
  });
}

export function poolSlots(ctx: DataPlaneContext, poolId: string): PoolSlots {
  let free = 0;
  let total = 0;
  for (const replica of ctx.replicas.ofPool(poolId)) {
    if (replica.state !== 'Ready') continue;
    total += replica.slotsTotal;
    free += Math.max(0, replica.slotsTotal - replica.inFlight);
  }
  return { free, total };
}

interface BudgetFields {
  tokens_budget_remaining?: number;
  time_budget_remaining_ms?: number;
  cost_budget_remaining?: number;
}

function budgetFields(ctx: DataPlaneContext, sessionId: string): BudgetFields {
  if (!ctx.config.sessions.enforce) return {};
  const session = ctx.sessions.get(sessionId, ctx.now());
  if (session === undefined) return {};
  const view = sessionView(session, ctx.now());
  const out: BudgetFields = {};
  if (view.tokens_budget_remaining !== null) out.tokens_budget_remaining = view.tokens_budget_remaining;
  if (view.time_budget_remaining_ms !== null) out.time_budget_remaining_ms = view.time_budget_remaining_ms;
  if (view.cost_budget_remaining !== null) out.cost_budget_remaining = view.cost_budget_remaining;
  return out;
}

/** Budget headers, sent once on the admission response and once per stream. */
export function budgetHeaders(ctx: DataPlaneContext, sessionId: string): Record<string, string> {
  const fields = budgetFields(ctx, sessionId);
  const headers: Record<string, string> = {};
  if (fields.tokens_budget_remaining !== undefined) {
    headers['x-budget-tokens-remaining'] = String(Math.floor(fields.tokens_budget_remaining));
  }
  if (fields.time_budget_remaining_ms !== undefined) {
    headers['x-budget-time-remaining-ms'] = String(Math.floor(fields.time_budget_remaining_ms));
  }
  if (fields.cost_budget_remaining !== undefined)
    headers['x-budget-cost-remaining'] = String(fields.cost_budget_remaining);
  return headers;
}

/** `knownPosition` spares a queue walk when the caller already knows where the task stands. */
export function metricsFrame(ctx: DataPlaneContext, task: TaskRecord, knownPosition?: number): MetricsFrame {
  const now = ctx.now();
  const queue = ctx.queues.get(task.pool.id);
  const serviceMs = ctx.serviceTimes.meanMs(task.pool.id);
  const deadlineLeft = task.admittedAt + task.request.deadline_ms - now;
  const budgets = budgetFields(ctx, task.request.session_id);
  const queueDepth = queue?.size() ?? 0;
  if (task.phase.type === 'queued') {
    const position = knownPosition ?? queue?.positionOf(task.id) ?? 0;
    const slots = poolSlots(ctx, task.pool.id);
    // ORCHD-076: while its model loads, the task's start also waits for the load still to go.
    const loading = ctx.residency?.loading(task.pool.id);
    const predicted =
      loading === undefined
        ? predictStart({
            queue_position: position,
            slots_free: slots.free,
            slots_total: slots.total,
            service_ms: serviceMs,
          })
        : predictedStartAfterLoad(ctx, task.pool, position, loading);
    const session = ctx.sessions.get(task.request.session_id, now);
    return {
      phase: loading === undefined ? 'queued' : 'loading_model',
      ...(Number.isFinite(predicted) ? { predicted_start_ms: Math.round(predicted) } : {}),
      queue_depth: queueDepth,
      queue_position: position,
      on_time_probability: onTimeProbability({
        predicted_start_ms: predicted,
        service_ms: serviceMs,
        deadline_ms: deadlineLeft,
      }),
      kv_warmth: session?.kv_warmth ?? false,
      ...budgets,
    };
  }
  const kvWarmth =
    task.phase.type === 'dispatching' || task.phase.type === 'running' ? task.phase.kv_warmth : false;
  const remainingService = Math.max(0, serviceMs - (now - task.admittedAt));
  return {
    phase: 'decoding',
    queue_depth: queueDepth,
    on_time_probability: onTimeProbability({
      predicted_start_ms: 0,
      service_ms: remainingService,
      deadline_ms: deadlineLeft,
    }),
    kv_warmth: kvWarmth,
    kv_migrated: false,
    tokens_out: task.tokensOut,
    ...budgets,
  };
}
