// ORCHD-063: which model names the agents' endpoints accept. A name is the model
// a pool serves now (its model_ref, following reloads); a request for any other
// name is a 404 that lists the served ones, so a misconfigured agent says why.
import type { PoolConfig } from '@llama-orch/contracts';
import type { ServedModel } from '../data-plane.js';
import { invalidParams, notFound } from '../errors.js';

export interface ResolvedModel {
  id: string;
  pool: PoolConfig;
  /** The context a request may fill: the smallest over the pools' Ready replicas. */
  ctx: number;
}

/** `served` is DataPlane.servedModels(): the models the pools serve now. */
export function resolveModel(served: readonly ServedModel[], name: unknown): ResolvedModel {
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
  return { id: model.id, pool, ctx: model.ctx };
}

function listOf(served: readonly ServedModel[]): string {
  return served.map((m) => m.id).join(', ') || '(none configured)';
}
