// ORCHD-063: which model names the agents' endpoints accept. A name is the model
// a pool serves now (its model_ref, following reloads); a request for any other
// name is a 404 that lists the served ones, so a misconfigured agent says why.
import type { PoolConfig } from '@llama-orch/contracts';
import type { DataPlaneContext } from '../data-plane-context.js';
import { invalidParams, notFound } from '../errors.js';
import { modelCtxMax } from '../tasks/admission-guards.js';

export interface ServedModel {
  id: string;
  /** The pools serving it, in config order. */
  pools: PoolConfig[];
}

export function servedModels(ctx: DataPlaneContext): ServedModel[] {
  const byId = new Map<string, ServedModel>();
  for (const pool of ctx.replicas.pools.values()) {
    const id = ctx.replicas.modelRefOf(pool.id) ?? pool.model.ref;
    const entry = byId.get(id) ?? { id, pools: [] };
    entry.pools.push(pool);
    byId.set(id, entry);
  }
  return [...byId.values()];
}

export interface ResolvedModel {
  id: string;
  pool: PoolConfig;
  /** The context a request may fill: the smallest over the pools' Ready replicas. */
  ctx: number;
}

export function resolveModel(ctx: DataPlaneContext, name: unknown): ResolvedModel {
  const served = servedModels(ctx);
  if (typeof name !== 'string' || name === '') {
    throw invalidParams(`body.model is required; served models: ${listOf(served)}`, {
      context: { param: 'model' },
    });
  }
  const model = served.find((m) => m.id === name);
  const pool = model?.pools[0];
  if (model === undefined || pool === undefined) {
    throw notFound(`model ${name.slice(0, 128)} is not served here; served models: ${listOf(served)}`, {
      context: { param: 'model', model_not_found: true },
    });
  }
  return { id: model.id, pool, ctx: Math.min(...model.pools.map((p) => modelCtxMax(ctx, p))) };
}

function listOf(served: readonly ServedModel[]): string {
  return served.map((m) => m.id).join(', ') || '(none configured)';
}
