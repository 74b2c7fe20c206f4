// WA-003, WA-015: lenient readers for llama-server's /props and /slots. Their shapes
// drift between builds (older /props carried a whole slot object, very old /slots
// reported `state` instead of is_processing), so every field is optional here and
// each reader says what it falls back to.
import { asNumber, asObject, asString } from '../shared/json-readers.js';

export interface LlamaCppProps {
  buildInfo: string | undefined;
  ctxPerSlot: number | undefined;
  totalSlots: number | undefined;
  modelId: string | undefined;
}

export function readProps(body: unknown): LlamaCppProps {
  const props = asObject(body) ?? {};
  const defaults = asObject(props['default_generation_settings']) ?? {};
  return {
    buildInfo: asString(props['build_info']),
    ctxPerSlot: asNumber(defaults['n_ctx']) ?? asNumber(props['n_ctx']),
    totalSlots: asNumber(props['total_slots']),
    modelId: asString(props['model_path']) ?? asString(props['model_alias']) ?? asString(props['model']),
  };
}

export interface LlamaCppSlot {
  id: number;
  n_ctx: number | null;
  is_processing: boolean;
}

export function readSlots(body: unknown): LlamaCppSlot[] {
  if (!Array.isArray(body)) return [];
  return body.flatMap((entry, index) => {
    const slot = asObject(entry);
    if (slot === undefined) return [];
    // Very old builds reported `state` (0 idle, 1 processing) instead of is_processing.
    const processing = slot['is_processing'] ?? (asNumber(slot['state']) ?? 0) !== 0;
    return [
      {
        id: asNumber(slot['id']) ?? index,
        n_ctx: asNumber(slot['n_ctx']) ?? null,
        is_processing: processing === true,
      },
    ];
  });
}
