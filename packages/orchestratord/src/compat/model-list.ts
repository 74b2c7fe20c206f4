// ORCHD-063: GET /v1/models, which both SDKs call. OpenAI's list by default;
// Anthropic's shape when the request carries `anthropic-version` (its SDK always
// sends it). Every servable model is listed, with its residency state (ORCHD-075).
import type { AnthropicModelList, OpenAiModelList } from '@llama-orch/contracts';
import type { ServedModelState } from '../data-plane.js';

/** The daemon's start, as the models' `created` time: stable across calls. */
export function modelList(
  served: readonly ServedModelState[],
  anthropic: boolean,
  startedAt: number,
): OpenAiModelList | AnthropicModelList {
  const created = Math.floor(startedAt / 1000);
  return anthropic
    ? anthropicModelList(
        served.map((m) => m.id),
        created,
      )
    : openAiModelList(served, created);
}

/** OpenAI's list, each entry with llama-orch's residency fields beside OpenAI's own (ORCHD-075). */
function openAiModelList(served: readonly ServedModelState[], created: number): OpenAiModelList {
  return {
    object: 'list',
    data: served.map((m) => ({
      id: m.id,
      object: 'model',
      created,
      owned_by: 'llama-orch',
      state: m.state,
      on_demand: m.onDemand,
      pinned: m.pinned,
      devices: m.devices,
      footprint_bytes: m.footprintBytes,
    })),
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
