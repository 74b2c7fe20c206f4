// CLI-001: `llorch pools health|drain|reload` (ORCHD-042..044 on the server side).
import type { PoolHealth, PoolHealthReplica } from '@llama-orch/contracts';
import { sendJson } from '../api.js';
import type { DRAIN_OPTIONS, RELOAD_OPTIONS } from '../command-table.js';
import type { CommandContext } from '../context.js';
import { EXIT, type ExitStatus } from '../errors.js';
import type { OptionValues } from '../option-spec.js';
import { cell, ms, percent, renderFields, renderTable } from '../render.js';

export function healthFields(h: PoolHealth): [string, string][] {
  const m = h.metrics;
  return [
    ['pool', h.pool_id],
    ['live', h.live ? 'yes' : 'no'],
    ['ready', h.ready ? 'yes' : 'no'],
    ['draining', h.draining ? 'yes' : 'no'],
    [
      'replicas',
      `${m.replicas_ready}/${m.replicas_total} ready${m.replicas_circuit_open > 0 ? `, ${m.replicas_circuit_open} circuit open` : ''}`,
    ],
    ['slots', `${m.slots_free}/${m.slots_total} free`],
    ['queue depth', String(m.queue_depth)],
    ['kv cache', m.kv_cache_usage_ratio === undefined ? '-' : percent(m.kv_cache_usage_ratio)],
    ['last error', cell(h.last_error)],
  ];
}

/** `retry in N s` while a replica waits out its backoff or open breaker, else '-'. */
export function retryLabel(retryInMs: number | null): string {
  return retryInMs === null ? '-' : `retry in ${Math.ceil(retryInMs / 1000)} s`;
}

/**
 * POOL-048, CLI-003: one row per replica with the supervisor's figures, so an
 * operator sees why a pool is not serving (backing off, breaker open, and why).
 */
export function replicaTable(replicas: readonly PoolHealthReplica[]): string {
  const rows = replicas.map((r) => [
    r.id,
    r.state,
    r.restarts,
    retryLabel(r.retry_in_ms),
    r.breaker,
    r.pid,
    r.last_error,
  ]);
  return renderTable(['REPLICA', 'STATE', 'RESTARTS', 'NEXT START', 'BREAKER', 'PID', 'LAST ERROR'], rows);
}

export async function runPoolHealth(ctx: CommandContext, poolId: string): Promise<ExitStatus> {
  const { data } = await sendJson(ctx.api, () =>
    ctx.api.control.GET('/v1/pools/{id}/health', { params: { path: { id: poolId } } }),
  );
  if (ctx.json) ctx.out.json(data);
  else {
    ctx.out.line(renderFields(healthFields(data)));
    if (data.replicas.length > 0) ctx.out.line(`\n${replicaTable(data.replicas)}`);
  }
  return EXIT.ok;
}

export async function runPoolDrain(
  ctx: CommandContext,
  poolId: string,
  options: OptionValues<typeof DRAIN_OPTIONS>,
): Promise<ExitStatus> {
  const deadline = options.deadline ?? 30_000;
  const { data } = await sendJson(ctx.api, () =>
    ctx.api.control.POST('/v1/pools/{id}/drain', {
      params: { path: { id: poolId } },
      body: { deadline_ms: deadline },
    }),
  );
  if (ctx.json) ctx.out.json(data);
  else {
    ctx.out.line(
      `draining pool ${data.pool_id}: held work may run for ${ms(data.deadline_ms)}, then it is canceled`,
    );
    ctx.out.note(`follow it with \`llorch pools health ${data.pool_id}\``);
  }
  return EXIT.ok;
}

export async function runPoolReload(
  ctx: CommandContext,
  poolId: string,
  modelRef: string,
  options: OptionValues<typeof RELOAD_OPTIONS>,
): Promise<ExitStatus> {
  const body =
    options.expectedDigest === undefined
      ? { new_model_ref: modelRef }
      : { new_model_ref: modelRef, expected_digest: options.expectedDigest };
  const { data } = await sendJson(ctx.api, () =>
    ctx.api.control.POST('/v1/pools/{id}/reload', { params: { path: { id: poolId } }, body }),
  );
  if (ctx.json) ctx.out.json(data);
  if (data.outcome === 'swapped') {
    if (!ctx.json)
      ctx.out.line(`pool ${data.pool_id} now serves ${data.model_ref} (was ${data.previous_model_ref})`);
    return EXIT.ok;
  }
  if (!ctx.json) ctx.out.line(`pool ${data.pool_id} rolled back to ${data.model_ref}`);
  ctx.out.note(
    `error: the reload to ${modelRef} failed: ${data.reason ?? 'no reason given'}\n  hint: the pool still serves ${data.model_ref}; fix the cause above and reload again`,
  );
  return EXIT.failure;
}
