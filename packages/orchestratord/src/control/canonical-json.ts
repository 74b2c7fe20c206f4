// ORCHD-036: artifact ids are the sha256 of one canonical serialisation, so
// the same document always gets the same id whatever key order or spacing the
// client sent. Keys are sorted by UTF-16 code unit and nothing insignificant is
// written, which matches JSON Canonicalization (RFC 8785) for the JSON values a
// request body can carry.
import { createHash } from 'node:crypto';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Canonical JSON text; throws on values JSON cannot carry (undefined, functions, NaN, Infinity). */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${String(value)} has no JSON form`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      // Serialised directly (no intermediate object), so a "__proto__" key stays plain data.
      const entries = Object.keys(value as object)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
      return `{${entries.join(',')}}`;
    }
    default:
      throw new TypeError(`a ${typeof value} has no JSON form`);
  }
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
