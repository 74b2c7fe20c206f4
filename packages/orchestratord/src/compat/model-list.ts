// ORCHD-063: GET /v1/models, which both SDKs call. OpenAI's list by default;
// Anthropic's shape when the request carries `anthropic-version` (its SDK always
// sends it). Every model a pool serves now is listed.
import type { DataPlaneContext } from '../data-plane-context.js';
import { servedModels } from './served-models.js';

/** The daemon's start, as the models' `created` time: stable across calls. */
export function modelList(ctx: DataPlaneContext, anthropic: boolean, startedAt: number): unknown {
  const models = servedModels(ctx);
  const created = Math.floor(startedAt / 1000);
  if (anthropic) {
    const data = models.map((m) => ({
      type: 'model',
      id: m.id,
      display_name: m.id,
      created_at: new Date(created * 1000).toISOString(),
    }));
    return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
  }
  return {
    object: 'list',
    data: models.map((m) => ({ id: m.id, object: 'model', created, owned_by: 'llama-orch' })),
  };
}
