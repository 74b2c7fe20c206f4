// ORCHD-063: GET /v1/models, which both SDKs call. OpenAI's list by default;
// Anthropic's shape when the request carries `anthropic-version` (its SDK always
// sends it). Every model a pool serves now is listed.
import type { AnthropicModelList, OpenAiModelList } from '@llama-orch/contracts';
import type { ServedModel } from '../data-plane.js';

/** The daemon's start, as the models' `created` time: stable across calls. */
export function modelList(
  served: readonly ServedModel[],
  anthropic: boolean,
  startedAt: number,
): OpenAiModelList | AnthropicModelList {
  const ids = served.map((m) => m.id);
  const created = Math.floor(startedAt / 1000);
  return anthropic ? anthropicModelList(ids, created) : openAiModelList(ids, created);
}

function openAiModelList(ids: readonly string[], created: number): OpenAiModelList {
  return {
    object: 'list',
    data: ids.map((id) => ({ id, object: 'model', created, owned_by: 'llama-orch' })),
  };
}

function anthropicModelList(ids: readonly string[], created: number): AnthropicModelList {
  const createdAt = new Date(created * 1000).toISOString();
  return {
    data: ids.map((id) => ({ type: 'model', id, display_name: id, created_at: createdAt })),
    has_more: false,
    first_id: ids[0] ?? null,
    last_id: ids.at(-1) ?? null,
  };
}
