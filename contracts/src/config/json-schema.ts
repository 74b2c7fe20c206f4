// Renders the committed JSON Schema from the zod source (CFG-014). Input side,
// so keys with defaults are optional, exactly as a file may omit them. Lives
// here, not in tools/, so the contracts tests can compare it with the committed copy.
import { z } from 'zod';
import { llorchConfigSchema } from './schema.js';

/** Repository-relative location of the generated schema. */
export const CONFIG_JSON_SCHEMA_PATH = 'contracts/config-schema/llorch.config.schema.json';

export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(llorchConfigSchema, { io: 'input', target: 'draft-2020-12' });
}

/** Stable text: two-space indent, trailing newline, key order as declared in the zod source. */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
