// WA-003, WA-010: lenient readers for engine JSON. Engines add, rename and drop
// fields between versions, so every adapter reads untyped bodies field by field
// and treats a missing or ill-typed field as absent rather than as a failure.

export type Json = Record<string, unknown>;

/** A plain object, or undefined for arrays, null and scalars. */
export const asObject = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;

/** A finite number, or undefined (NaN and Infinity never reach our arithmetic). */
export const asNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** A non-blank string, or undefined: engines send "" where they mean "not known". */
export const asString = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;
