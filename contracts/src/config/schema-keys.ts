// Looks up what the schema expects at a given path, so an unknown key can be
// answered with "did you mean ...?" (CFG-002) and a wrong type named precisely (CFG-003). Reads zod's public `_zod.def`
// structure instead of keeping a second, hand-written list of keys in sync.
import type { z } from 'zod';

interface LooseDef {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  options?: readonly z.core.$ZodType[];
  valueType?: z.core.$ZodType;
  format?: string;
}

const defOf = (schema: z.core.$ZodType): LooseDef => schema._zod.def as LooseDef;

/** Strips wrappers (optional, default, pipe/transform, ...) down to the schema that holds data. */
function candidates(schema: z.core.$ZodType): z.core.$ZodType[] {
  const def = defOf(schema);
  if (def.innerType !== undefined) return candidates(def.innerType);
  if (def.type === 'pipe' && def.in !== undefined) return candidates(def.in);
  if (def.type === 'union' && def.options !== undefined) return def.options.flatMap(candidates);
  return [schema];
}

function step(schema: z.core.$ZodType, segment: PropertyKey): z.core.$ZodType[] {
  return candidates(schema).flatMap((s) => {
    const def = defOf(s);
    if (typeof segment === 'number' && def.type === 'array' && def.element) return [def.element];
    if (typeof segment === 'string' && def.type === 'object' && def.shape?.[segment])
      return [def.shape[segment]];
    if (typeof segment === 'string' && def.type === 'record' && def.valueType) return [def.valueType];
    return [];
  });
}

function schemasAt(root: z.core.$ZodType, path: readonly PropertyKey[]): z.core.$ZodType[] {
  let current: z.core.$ZodType[] = [root];
  for (const segment of path) current = current.flatMap((s) => step(s, segment));
  return current.flatMap(candidates);
}

/** Keys the object at `path` accepts, or [] when the path does not lead to an object. */
export function knownKeysAt(root: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  return [...new Set(schemasAt(root, path).flatMap((s) => Object.keys(defOf(s).shape ?? {})))];
}

const INTEGER_FORMATS = new Set(['safeint', 'int32', 'uint32']);

/** zod reports `number` for a non-number given to `z.int()`; the operator needs to hear "integer". */
export function expectsInteger(root: z.core.$ZodType, path: readonly PropertyKey[]): boolean {
  return schemasAt(root, path).some((s) => INTEGER_FORMATS.has(defOf(s).format ?? ''));
}

/** The closest known name (key or enum value) to a misspelt one, if close enough to be a plausible typo. */
export function closestName(unknown: string, known: readonly string[]): string | undefined {
  const squash = (k: string) => k.toLowerCase().replace(/[-_]/g, '');
  const exactish = known.find((k) => squash(k) === squash(unknown));
  if (exactish !== undefined) return exactish;
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = editDistance(unknown.toLowerCase(), key.toLowerCase());
    if (
      distance <= Math.max(1, Math.floor(key.length / 3)) &&
      (best === undefined || distance < best.distance)
    ) {
      best = { key, distance };
    }
  }
  return best?.key;
}

/** Levenshtein distance with a single rolling row. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}
