// CLI-001, CLI-003, CLI-020: `llorch caps`, `llorch replicasets` and `llorch status`.
// `status` is the one-screen view: readiness, then one row per replica set
// joined with its pool's health (ready, draining, slots, queue, devices), then
// one row per replica with its supervision figures (POOL-048).
import type { PoolHealth, ReplicaSet } from '@llama-orch/contracts';
import { httpError, networkErrno, networkError, sendJson } from '../api.js';
import type { CommandContext } from '../context.js';
import { CliError, EXIT, type ExitStatus } from '../errors.js';
import { list, ms, percent, renderTable } from '../render.js';
import { replicaTable } from './pool-commands.js';

export function devicesLabel(set: Pick<ReplicaSet, 'devices' | 'cpu_fallback'>): string {
  if (set.devices.length > 0) return `gpu ${set.devices.join(',')}`;
  return set.cpu_fallback ? 'cpu (fallback)' : 'cpu';
}

export async function runCaps(ctx: CommandContext): Promise<ExitStatus> {
  const { data } = await sendJson(ctx.api, () => ctx.api.control.GET('/v1/capabilities'));
  if (ctx.json) {
    ctx.out.json(data);
    return EXIT.ok;
  }
  ctx.out.line(`api ${data.api_version}`);
  if (data.engines.length === 0) {
    ctx.out.line('no engine has a Ready replica yet');
    return EXIT.ok;
  }
  const rows = data.engines.map((e) => [
    e.engine,
    e.engine_version,
    e.ctx_max,
    e.concurrency,
    list(e.supported_workloads),
    list(e.models.map((m) => m.model_ref)),
    list(e.features),
  ]);
  ctx.out.line(
    renderTable(['ENGINE', 'VERSION', 'CTX MAX', 'CONCURRENCY', 'WORKLOADS', 'MODELS', 'FEATURES'], rows),
  );
  return EXIT.ok;
}

export async function runReplicaSets(ctx: CommandContext): Promise<ExitStatus> {
  const { data } = await sendJson(ctx.api, () => ctx.api.control.GET('/v1/replicasets'));
  if (ctx.json) {
    ctx.out.json(data);
    return EXIT.ok;
  }
  const rows = data.replica_sets.map((s) => [
    s.id,
    s.engine,
    s.engine_version,
    s.sampler_profile_version,
    s.model_ref,
    `${s.replicas_ready}/${s.replicas_total}`,
    `${s.slots_free}/${s.slots_total}`,
    percent(s.load),
    s.queue_depth,
    s.queue_policy,
    devicesLabel(s),
    `${ms(s.slo.first_token_ms_p50)} / ${ms(s.slo.first_token_ms_p95)}`,
  ]);
  const headers = [
    'SET',
    'ENGINE',
    'VERSION',
    'SAMPLER',
    'MODEL',
    'READY',
    'FREE SLOTS',
    'LOAD',
    'QUEUE',
    'POLICY',
    'DEVICES',
    'FIRST TOKEN p50/p95',
  ];
  ctx.out.line(rows.length === 0 ? 'no replica sets' : renderTable(headers, rows));
  return EXIT.ok;
}

async function readiness(ctx: CommandContext): Promise<{ ready: boolean; reasons: string[] }> {
  const result = await ctx.api.control.GET('/readyz').catch((error: unknown) => {
    if (networkErrno(error) === undefined) throw error;
    throw networkError(ctx.api, error);
  });
  if (result.data !== undefined) return result.data;
  // 503 from /readyz is an answer, not a failure: its body lists the reasons.
  const body = result.error as { ready?: unknown; reasons?: unknown } | undefined;
  if (result.response.status === 503 && Array.isArray(body?.reasons)) {
    return { ready: false, reasons: body.reasons.map(String) };
  }
  throw httpError(result.response, result.error, ctx.api);
}

async function healthOf(ctx: CommandContext, poolId: string): Promise<PoolHealth | undefined> {
  try {
    const { data } = await sendJson(ctx.api, () =>
      ctx.api.control.GET('/v1/pools/{id}/health', { params: { path: { id: poolId } } }),
    );
    return data;
  } catch (error) {
    if (error instanceof CliError && error.code !== 'AUTH' && error.code !== 'NETWORK') return undefined;
    throw error;
  }
}

export async function runStatus(ctx: CommandContext): Promise<ExitStatus> {
  const ready = await readiness(ctx);
  const { data } = await sendJson(ctx.api, () => ctx.api.control.GET('/v1/replicasets'));
  const pools = [...new Set(data.replica_sets.map((s) => s.pool_id))];
  const health = new Map(await Promise.all(pools.map(async (p) => [p, await healthOf(ctx, p)] as const)));
  if (ctx.json) {
    ctx.out.json({ ready, replica_sets: data.replica_sets, pools: Object.fromEntries(health) });
    return EXIT.ok;
  }
  ctx.out.line(`${ctx.api.endpoint}: ${ready.ready ? 'ready' : `not ready (${ready.reasons.join('; ')})`}`);
  const yesNo = (v: boolean | undefined) => (v === undefined ? '?' : v ? 'yes' : 'no');
  const rows = data.replica_sets.map((s) => {
    const h = health.get(s.pool_id);
    return [
      s.pool_id,
      yesNo(h?.ready),
      yesNo(h?.draining),
      s.engine,
      s.engine_version,
      s.model_ref,
      `${s.replicas_ready}/${s.replicas_total}`,
      `${s.slots_free}/${s.slots_total}`,
      h?.metrics.queue_depth ?? s.queue_depth,
      devicesLabel(s),
      h?.last_error ?? '',
    ];
  });
  const headers = [
    'POOL',
    'READY',
    'DRAINING',
    'ENGINE',
    'VERSION',
    'MODEL',
    'REPLICAS',
    'FREE SLOTS',
    'QUEUE',
    'DEVICES',
    'LAST ERROR',
  ];
  ctx.out.line(rows.length === 0 ? 'no pools' : renderTable(headers, rows));
  const replicas = pools.flatMap((p) => health.get(p)?.replicas ?? []);
  if (replicas.length > 0) ctx.out.line(`\n${replicaTable(replicas)}`);
  return EXIT.ok;
}
