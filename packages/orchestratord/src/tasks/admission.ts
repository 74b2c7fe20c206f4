// ORCHD POST /v1/tasks (ORCHD-001..ORCHD-010, ORCHD-090, ORCHD-094,
// CORE-030..CORE-043): validate, answer idempotent resubmissions, run
// orchestrator-core's guardrails and placement before anything is queued,
// then enqueue under the pool's full policy. Every refusal is a typed error
// with the contract's code and status, counted once in tasks_rejected_total.
import {
  backpressureRejection,
  checkAdmission,
  place,
  type AdmissionResult,
  type PlacementDecision,
} from '@llama-orch/orchestrator-core';
import { ENGINES, type PoolConfig } from '@llama-orch/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { invalidParams, isOrchestratordError, notFound, taskIdConflict } from '../errors.js';
import { taskLabels, type DataPlaneContext } from '../data-plane-context.js';
import {
  modelCtxMax,
  poolRetryAfter,
  preflight,
  promptTokens,
  rejectionError,
  snapshotAll,
} from './admission-guards.js';
import { fingerprint, parseTaskRequest, type TaskRequest } from './task-request.js';
import { budgetHeaders, metricsFrame, predictedStartAfterLoad } from './task-progress.js';
import { endTask } from './task-lifecycle.js';
import { runCost } from './run-price.js';
import { onDeadline } from './task-control.js';
import type { Admission, TaskRecord } from './task-record.js';
import type { ClientIdentity } from '../clients/client-identity.js';
import { refuseOverLimit, sessionVisibleTo } from '../clients/client-admission.js';
import { admittedPriority, assertModelAllowed, type PolicyRefusalCounter } from '../clients/client-policy.js';

export interface AdmissionOutcome {
  admission: Admission;
  headers: Record<string, string>;
  /** The prompt tokens admission counted for the ctx guardrail (null when it did not count). */
  promptTokens: number | null;
}

export interface AdmissionMeta {
  correlationId: string;
  log: FastifyBaseLogger;
  /** Who submitted it: limits, fair share and accounting key on it (OC-001). */
  client: ClientIdentity;
  /**
   * Agents' endpoints: lower max_tokens to what the context leaves after the prompt instead of
   * refusing (agents ask for far more than fits); a prompt that alone overflows is still a 400.
   */
  clampMaxTokens?: boolean;
  /**
   * Agents' endpoints: a session that used its last turn starts over under the same id (an agent's
   * conversation outlives `max_turns`) instead of being refused.
   */
  renewSession?: boolean;
  /** Count the prompt on the engine even when the byte bound settles the guardrails. */
  exactPromptTokens?: boolean;
  /**
   * Agents' endpoints: the daemon drew the task_id itself, so no earlier submission can share it and
   * the body needs no fingerprint (a later native resubmission of that id is a conflict).
   */
  freshTaskId?: boolean;
}

type Admitted = Extract<AdmissionResult, { type: 'admitted' }>;

const MAX_TIMER_MS = 2_147_483_647;

function replayOf(ctx: DataPlaneContext, request: TaskRequest, digest: string): AdmissionOutcome | undefined {
  const existing = ctx.tasks.get(request.task_id) ?? ctx.retained.get(request.task_id);
  if (existing === undefined) return undefined;
  if (existing.fingerprint !== digest) {
    throw taskIdConflict(
      `task_id ${request.task_id} was already submitted with a different body; use a new task_id`,
    );
  }
  return {
    admission: existing.admission,
    headers: budgetHeaders(ctx, request.session_id),
    promptTokens: existing.promptTokens,
  };
}

/** Session, placement and guardrails: orchestrator-core decides, we only gather its inputs. */
async function decide(
  ctx: DataPlaneContext,
  request: TaskRequest,
  now: number,
  clamp: boolean,
  exact: boolean,
  client: ClientIdentity,
): Promise<{ result: Admitted; tokensIn: number }> {
  const { sessions: sessionConfig } = ctx.config;
  const session = ctx.sessions.open(request.session_id, now, {
    ttl_ms: sessionConfig.ttl_ms,
    max_turns: sessionConfig.max_turns,
    ...(sessionConfig.enforce && sessionConfig.budgets ? { budget: sessionConfig.budgets } : {}),
    client: client.name,
  });
  // ORCHD-094: another client's session is not this client's to continue.
  if (!sessionVisibleTo(session, client)) {
    throw notFound(
      `session ${request.session_id} is not one of client ${client.name}'s live sessions; use a session_id of your own`,
    );
  }
  const placement = place(snapshotAll(ctx), {
    model_ref: request.model_ref,
    engine: request.engine,
    ...(request.sampler_profile_version === undefined
      ? {}
      : { sampler_profile_version: request.sampler_profile_version }),
    last_replica_id: request.kv_hint === 'cold' ? null : session.replica_id,
  });
  const poolId = placement.type === 'refused' ? undefined : placement.pool_id;
  const servingPool =
    (poolId === undefined ? undefined : ctx.replicas.pools.get(poolId)) ??
    [...ctx.replicas.pools.values()].find(
      (p) => ctx.replicas.modelRefOf(p.id) === request.model_ref && p.engine === request.engine,
    );
  const tokensIn = await promptTokens(ctx, servingPool, request, exact);
  const placed = servingPool === undefined ? placement : onDemandPlacement(ctx, placement, servingPool);
  if (clamp && servingPool !== undefined) clampMaxTokens(ctx, request, tokensIn, servingPool);
  const result = checkAdmission(
    {
      ctx: request.ctx,
      prompt_tokens: tokensIn,
      max_tokens: request.max_tokens,
      deadline_ms: request.deadline_ms,
      expected_cost: servingPool === undefined ? 0 : runCost(servingPool, tokensIn, request.max_tokens),
    },
    {
      model_ctx_max: modelCtxMax(ctx, servingPool),
      budget: sessionConfig.enforce ? session.budget : null,
      placement: placed,
      service_ms: servingPool === undefined ? 0 : ctx.serviceTimes.meanMs(servingPool.id),
    },
  );
  if (result.type === 'rejected') throw rejectionError(ctx, result, servingPool, request.engine);
  return { result, tokensIn };
}

/**
 * ORCHD-076: an on-demand model without a Ready replica is not a refusal: the task waits in its
 * queue for the load, and its predicted start counts the load time still to go.
 */
function onDemandPlacement(
  ctx: DataPlaneContext,
  placement: PlacementDecision,
  pool: PoolConfig,
): PlacementDecision {
  if (placement.type !== 'refused' || placement.code !== 'POOL_UNREADY') return placement;
  const admission = ctx.residency?.admitUnready(pool);
  if (admission === undefined) return placement;
  if (admission.type === 'refuse') throw admission.error;
  const position = ctx.queues.get(pool.id)?.size() ?? 0;
  const predicted = predictedStartAfterLoad(ctx, pool, position, admission.timing);
  return { type: 'wait', pool_id: pool.id, predicted_start_ms: predicted };
}

/** Fits max_tokens into what the context leaves after the prompt; the reply then ends with `limit`. */
function clampMaxTokens(
  ctx: DataPlaneContext,
  request: TaskRequest,
  tokensIn: number,
  pool: NonNullable<ReturnType<DataPlaneContext['replicas']['pools']['get']>>,
): void {
  const limit = Math.min(request.ctx, modelCtxMax(ctx, pool));
  const room = limit - tokensIn;
  if (room < 1) {
    throw invalidParams(
      `the prompt is ${tokensIn} tokens but model ${request.model_ref} has a context of ${limit} tokens; shorten the prompt or use a model with a larger context`,
      // The agents' endpoints answer with OpenAI's own code for this refusal.
      { context: { engine: pool.engine, pool_id: pool.id, openai_code: 'context_length_exceeded' } },
    );
  }
  if (request.max_tokens > room) request.max_tokens = room;
}

function newTask(
  ctx: DataPlaneContext,
  request: TaskRequest,
  digest: string,
  decided: { result: Admitted; tokensIn: number },
  meta: AdmissionMeta,
  now: number,
): TaskRecord {
  const pool = ctx.replicas.pools.get(decided.result.pool_id);
  if (pool === undefined) throw new Error(`placement chose unknown pool ${decided.result.pool_id}`);
  const predicted = decided.result.predicted_start_ms;
  return {
    id: request.task_id,
    priority: request.priority,
    request,
    fingerprint: digest,
    pool,
    transcript: ctx.transcripts.create(request.task_id),
    admittedAt: now,
    admission: {
      task_id: request.task_id,
      queue_position: 0,
      predicted_start_ms: Math.max(0, Math.round(Number.isFinite(predicted) ? predicted : 0)),
      backoff_ms: 0,
    },
    promptTokens: decided.tokensIn,
    correlationId: meta.correlationId,
    client: meta.client.name,
    log: meta.log.child({
      job_id: request.task_id,
      client: meta.client.name,
      session_id: request.session_id,
      engine: pool.engine,
      pool_id: pool.id,
    }),
    abort: new AbortController(),
    phase: { type: 'queued' },
    tokensOut: 0,
    deadlineTimer: undefined,
    lastWatchedAt: now,
  };
}

/** Puts the task in its pool queue under the full policy; returns its queue position. */
function enqueue(ctx: DataPlaneContext, task: TaskRecord): number {
  const { pool } = task;
  const queue = ctx.queues.get(pool.id);
  if (queue === undefined) throw new Error(`pool ${pool.id} has no queue`);
  const enqueued = queue.enqueue(task);
  if (enqueued.type === 'refused') {
    ctx.transcripts.discard(task.id);
    const rejection = backpressureRejection(enqueued, poolRetryAfter(ctx, pool), pool.id);
    if (rejection.policy_label !== undefined) {
      ctx.metrics.inc('admission_backpressure_events_total', {
        engine: pool.engine,
        policy: rejection.policy_label,
      });
    }
    throw rejectionError(ctx, rejection, pool, pool.engine);
  }
  if (enqueued.evicted !== null) {
    ctx.metrics.inc('admission_backpressure_events_total', { engine: pool.engine, policy: 'drop-lru' });
    const message = `dropped from the full queue of pool ${pool.id} to admit newer work; resubmit with a new task_id`;
    endTask(ctx, enqueued.evicted.task, {
      event: {
        type: 'error',
        data: {
          code: 'QUEUE_FULL_DROP_LRU',
          message,
          engine: pool.engine,
          pool_id: pool.id,
          retriable: true,
        },
      },
      outcome: 'canceled',
    });
  }
  task.admission.queue_position = enqueued.queue_position;
  task.admission.backoff_ms =
    queue.size() / queue.capacity >= ctx.tuning.backoffFillRatio ? poolRetryAfter(ctx, pool) : 0;
  return enqueued.queue_position;
}

async function admit(ctx: DataPlaneContext, body: unknown, meta: AdmissionMeta): Promise<AdmissionOutcome> {
  const request = parseTaskRequest(body);
  // ORCHD-085: the client's models and max_priority, before anything is decided or queued.
  const counted: PolicyRefusalCounter = (limit) => ctx.clients.refusedByPolicy(meta.client.name, limit);
  assertModelAllowed(meta.client, request.model_ref, counted);
  const client = admittedPriority(meta.client, request.priority, counted);
  request.priority = client.priority;
  const outcome = await admitRequest(ctx, request, meta);
  return { ...outcome, headers: { ...outcome.headers, ...client.headers } };
}

async function admitRequest(
  ctx: DataPlaneContext,
  request: TaskRequest,
  meta: AdmissionMeta,
): Promise<AdmissionOutcome> {
  const fresh = meta.freshTaskId === true;
  const digest = fresh ? '' : fingerprint(request);
  const earlier = fresh ? undefined : replayOf(ctx, request, digest);
  if (earlier !== undefined) return earlier;
  if (meta.renewSession === true) ctx.exhaustedSessions.delete(request.session_id);
  preflight(ctx, request);
  const refusal = ctx.admissionGate?.(request.model_ref);
  if (refusal !== undefined) throw refusal;
  const now = ctx.now();
  const decided = await decide(
    ctx,
    request,
    now,
    meta.clampMaxTokens === true,
    meta.exactPromptTokens === true,
    meta.client,
  );
  // Another submission of this task_id may have landed while the prompt was counted.
  const raced = fresh ? undefined : replayOf(ctx, request, digest);
  if (raced !== undefined) return raced;

  refuseOverLimit(ctx.clients, ctx.now(), meta.client);
  const task = newTask(ctx, request, digest, decided, meta, now);
  enqueue(ctx, task);
  ctx.tasks.set(task.id, task);
  ctx.clients.admitted(task.client);
  ctx.residency?.demand(task.pool.id);
  const { admission } = task;
  task.transcript.append({
    type: 'started',
    data: {
      queue_position: admission.queue_position,
      predicted_start_ms: admission.predicted_start_ms,
      client: task.client,
    },
  });
  task.transcript.append({ type: 'metrics', data: metricsFrame(ctx, task, admission.queue_position) });
  // Node timers overflow past 2^31-1 ms (about 24.8 days) and would fire at once; such a deadline is no deadline.
  if (request.deadline_ms <= MAX_TIMER_MS) {
    task.deadlineTimer = setTimeout(() => onDeadline(ctx, task), request.deadline_ms);
    task.deadlineTimer.unref();
  }
  ctx.metrics.inc('tasks_enqueued_total', taskLabels(ctx, task));
  task.log.info(
    {
      queue_position: admission.queue_position,
      predicted_start_ms: admission.predicted_start_ms,
      tokens_in: decided.tokensIn,
    },
    'task admitted',
  );
  ctx.kick();
  return {
    admission: { ...admission },
    headers: budgetHeaders(ctx, request.session_id),
    promptTokens: task.promptTokens,
  };
}

/** MET-016: the engine label of a refused submission, `none` when the body named no valid one. */
function engineLabel(body: unknown): string {
  const engine =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>).engine : undefined;
  return typeof engine === 'string' && (ENGINES as readonly string[]).includes(engine) ? engine : 'none';
}

export async function admitTask(
  ctx: DataPlaneContext,
  body: unknown,
  meta: AdmissionMeta,
): Promise<AdmissionOutcome> {
  try {
    return await admit(ctx, body, meta);
  } catch (error) {
    if (isOrchestratordError(error)) {
      ctx.metrics.inc('tasks_rejected_total', { engine: engineLabel(body), reason: error.code });
    }
    throw error;
  }
}
