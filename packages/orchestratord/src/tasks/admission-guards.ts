// ORCHD admission guards (ORCHD-002, ORCHD-003, ORCHD-006):
// the checks and translations admission runs around
// orchestrator-core's decisions: refusals that need daemon state (lifecycle,
// used-up sessions), the prompt-token count for the ctx guardrail, and the
// mapping of core's typed refusals to wire codes and HTTP statuses.
import {
  NO_DRAIN_OBSERVED,
  retryAfterMs,
  type PlacementSnapshot,
  type PoolSnapshot,
  type Rejection,
} from '@llama-orch/orchestrator-core';
import type { PoolConfig } from '@llama-orch/contracts';
import {
  ENGINE_FEATURES,
  MAX_PORTABLE_SEED,
  SAMPLER_PROFILE_VERSIONS,
  enginesWith,
  type EngineFeature,
} from '@llama-orch/worker-adapters';
import { guardrailReject, invalidParams, OrchestratordError } from '../errors.js';
import type { DataPlaneContext } from '../data-plane-context.js';
import type { ChatInput } from '@llama-orch/worker-adapters';
import type { TaskRequest } from './task-request.js';
import { poolSlots } from './task-progress.js';

export function snapshotAll(ctx: DataPlaneContext): PlacementSnapshot {
  const pools: PoolSnapshot[] = [];
  for (const pool of ctx.replicas.pools.values()) {
    const queued = ctx.queues.get(pool.id)?.size() ?? 0;
    const snapshot = ctx.replicas.poolSnapshot(pool.id, queued, ctx.serviceTimes.meanMs(pool.id));
    if (snapshot !== undefined) pools.push(snapshot);
  }
  return { pools };
}

/** The model's context limit as the pool's Ready replicas report it (the smallest wins). */
export function modelCtxMax(ctx: DataPlaneContext, pool: PoolConfig | undefined): number {
  if (pool === undefined) return Number.MAX_SAFE_INTEGER;
  const ready = ctx.replicas.ofPool(pool.id).filter((r) => r.state === 'Ready');
  return ready.length === 0 ? pool.ctx : Math.min(...ready.map((r) => r.ctxMax));
}

/**
 * Prompt tokens for the ctx guardrail. Byte-fallback tokenizers never emit more
 * tokens than UTF-8 bytes (plus BOS), so that bound settles most requests
 * without an engine round trip; only a request the bound cannot clear asks the
 * engine for the exact count.
 */
export async function promptTokens(
  ctx: DataPlaneContext,
  pool: PoolConfig | undefined,
  request: TaskRequest,
  /** Ask the engine even when the bound would do (count_tokens answers the exact figure). */
  exact = false,
): Promise<number> {
  const bound = promptBound(request);
  // The bound settles every request it fits: nothing to refuse, nothing to clamp.
  if (pool === undefined || (!exact && bound + request.max_tokens <= request.ctx)) return bound;
  const replica = ctx.replicas.ofPool(pool.id).find((r) => r.state === 'Ready');
  if (replica === undefined) return bound;
  const signal = AbortSignal.timeout(ctx.tuning.tokenizeTimeoutMs);
  try {
    if (request.messages === undefined) {
      return await replica.adapter.countTokens((request.prompt ?? '') + (request.suffix ?? ''), signal);
    }
    const counted = await replica.adapter.countChatTokens?.(chatInput(request), signal);
    return counted ?? bound;
  } catch {
    return bound;
  }
}

/**
 * An upper bound on prompt tokens without the engine: byte-fallback tokenizers never emit more
 * tokens than UTF-8 bytes (plus BOS); a chat adds its template's few tokens per message, which
 * the JSON text of the messages and tools more than covers.
 */
function promptBound(request: TaskRequest): number {
  if (request.messages === undefined) {
    return (
      Buffer.byteLength(request.prompt ?? '', 'utf8') + Buffer.byteLength(request.suffix ?? '', 'utf8') + 4
    );
  }
  return Buffer.byteLength(JSON.stringify([request.messages, request.tools ?? null]), 'utf8') + 1;
}

/** The chat part of a task, as the engine port takes it. */
export function chatInput(request: TaskRequest): ChatInput {
  return {
    messages: request.messages ?? [],
    ...(request.tools === undefined ? {} : { tools: request.tools }),
    ...(request.tool_choice === undefined ? {} : { tool_choice: request.tool_choice }),
    ...(request.response_format === undefined ? {} : { response_format: request.response_format }),
  };
}

export function rejectionError(
  ctx: DataPlaneContext,
  rejection: Rejection,
  pool: PoolConfig | undefined,
  engine: string,
): OrchestratordError {
  const context = {
    engine: pool?.engine ?? engine,
    ...(rejection.pool_id ? { pool_id: rejection.pool_id } : {}),
  };
  const status =
    rejection.code === 'POOL_UNREADY' || rejection.code === 'POOL_UNAVAILABLE'
      ? 503
      : rejection.reason === 'queue-full'
        ? 429
        : 400;
  // ORCHD-015: an unready pool may recover at the next replica probe.
  const retryAfterMs =
    rejection.retry_after_ms ?? (rejection.code === 'POOL_UNREADY' ? ctx.tuning.probeIntervalMs : undefined);
  return new OrchestratordError(rejection.code, rejection.message, {
    status,
    retriable: rejection.retriable,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(rejection.policy_label === undefined ? {} : { policyLabel: rejection.policy_label }),
    context,
  });
}

export function poolRetryAfter(ctx: DataPlaneContext, pool: PoolConfig): number {
  const queue = ctx.queues.get(pool.id);
  return retryAfterMs({
    drain: ctx.drains.get(pool.id) ?? NO_DRAIN_OBSERVED,
    now_ms: ctx.now(),
    queued: queue?.size() ?? 0,
    capacity: queue?.capacity ?? 1,
    service_ms: ctx.serviceTimes.meanMs(pool.id),
    slots_total: poolSlots(ctx, pool.id).total,
  });
}

/** Refusals that depend on daemon state or engine limits rather than on orchestrator-core. */
export function preflight(ctx: DataPlaneContext, request: TaskRequest): void {
  if (ctx.state !== 'running') {
    throw new OrchestratordError(
      'POOL_UNREADY',
      `orchestratord is ${ctx.state}; resubmit once it is running again`,
      { retryAfterMs: ctx.tuning.probeIntervalMs },
    );
  }
  if (request.seed !== undefined && request.seed > MAX_PORTABLE_SEED) {
    throw invalidParams(
      `body.seed must be <= ${MAX_PORTABLE_SEED}: engines read ${request.seed} as "random", which breaks determinism`,
    );
  }
  if (request.workload !== 'completion' && request.workload !== 'chat') {
    throw invalidParams(
      `workload ${request.workload} is not served by the data plane yet; submit a completion (body.prompt) or a chat (body.messages)`,
    );
  }
  checkFeatures(request);
  checkSamplerProfile(ctx, request);
  if (ctx.exhaustedSessions.has(request.session_id)) {
    throw guardrailReject(
      `session ${request.session_id} used all ${ctx.config.sessions.max_turns} turns; start a new session_id`,
      { policyLabel: 'turns' },
    );
  }
}

const FEATURE_WORDS: Record<EngineFeature, string> = {
  chat: 'chat (body.messages)',
  tools: 'tools (body.tools)',
  infill: 'fill-in-the-middle (body.suffix)',
  json_output: 'JSON output (body.response_format)',
};

/** WA-020: a workload the engine cannot serve is a 400 naming the engines that can. */
function checkFeatures(request: TaskRequest): void {
  const needed: EngineFeature[] = [];
  if (request.workload === 'chat') needed.push('chat');
  if (request.tools !== undefined && request.tools.length > 0) needed.push('tools');
  if (request.suffix !== undefined) needed.push('infill');
  if (request.response_format !== undefined && request.response_format.type !== 'text')
    needed.push('json_output');
  const features = ENGINE_FEATURES[request.engine];
  for (const feature of needed) {
    if (features[feature]) continue;
    throw invalidParams(
      `engine ${request.engine} does not serve ${FEATURE_WORDS[feature]}; engines that do: ${enginesWith(feature).join(', ')}`,
      { context: { engine: request.engine } },
    );
  }
}

/** An unknown profile, or one no pool serving the model runs, is the client's to fix: say which exist. */
function checkSamplerProfile(ctx: DataPlaneContext, request: TaskRequest): void {
  const named = request.sampler_profile_version;
  if (named === undefined) return;
  if (!SAMPLER_PROFILE_VERSIONS.includes(named)) {
    throw invalidParams(
      `body.sampler_profile_version ${named.slice(0, 64)} is not a sampler profile; accepted: ${SAMPLER_PROFILE_VERSIONS.join(', ')} (omit it to use the pool's)`,
    );
  }
  const serving = [...ctx.replicas.pools.values()].filter(
    (p) => ctx.replicas.modelRefOf(p.id) === request.model_ref && p.engine === request.engine,
  );
  if (serving.length === 0 || serving.some((p) => p.sampler_profile_version === named)) return;
  const theirs = [...new Set(serving.map((p) => p.sampler_profile_version))].join(', ');
  throw invalidParams(
    `no pool serving ${request.model_ref} runs sampler_profile_version ${named}; its pools run ${theirs} (omit the field to use the pool's)`,
    { context: { engine: request.engine } },
  );
}
