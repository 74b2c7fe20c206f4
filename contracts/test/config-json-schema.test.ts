// CFG-014: the committed JSON Schema is exactly what the zod source generates,
// and it is as strict as the loader.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIG_JSON_SCHEMA_PATH, configJsonSchema, renderConfigJsonSchema } from '@llama-orch/contracts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

type Node = Record<string, unknown>;

/** Every object-typed node in the schema, with a JSON-pointer-ish location for messages. */
function objectNodes(node: unknown, at = '#', out: [string, Node][] = []): [string, Node][] {
  if (node === null || typeof node !== 'object') return out;
  if (!Array.isArray(node) && (node as Node).type === 'object') out.push([at, node as Node]);
  for (const [key, child] of Object.entries(node)) objectNodes(child, `${at}/${key}`, out);
  return out;
}

describe('generated config JSON Schema', () => {
  it('is committed exactly as a fresh generation renders it [CFG-014]', async () => {
    const committed = await readFile(join(repoRoot, CONFIG_JSON_SCHEMA_PATH), 'utf8');
    expect(committed).toBe(renderConfigJsonSchema());
    expect(renderConfigJsonSchema()).toBe(renderConfigJsonSchema());
    expect(committed.endsWith('}\n')).toBe(true);
  });

  it('forbids additional properties on every object except declared maps [CFG-014] [CFG-002]', () => {
    const nodes = objectNodes(configJsonSchema());
    expect(nodes.length).toBeGreaterThan(15);
    const open = nodes.filter(([, node]) => node.additionalProperties !== false);
    // The only open objects are typed maps (engine env and secret_env): named keys, typed values.
    const launch = '#/properties/pools/items/properties/launch/properties';
    const modelLaunch = '#/properties/models/items/properties/launch/properties';
    expect(open.map(([at]) => at)).toEqual([
      `${launch}/env`,
      `${launch}/secret_env`,
      `${modelLaunch}/env`,
      `${modelLaunch}/secret_env`,
    ]);
    for (const [, node] of open) {
      expect(node.propertyNames).toMatchObject({ pattern: expect.any(String) });
    }
    const [[, env], [, secretEnv]] = open as [[string, Node], [string, Node], ...[string, Node][]];
    expect(env.additionalProperties).toEqual({ type: 'string' });
    // A secret source is itself closed: exactly one of env or file (CFG-017).
    expect(secretEnv.additionalProperties).toMatchObject({
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
    });
  });

  it('describes the input side: keys with defaults are optional and show the default [CFG-014] [CFG-004]', () => {
    const schema = configJsonSchema() as Node & { properties: Record<string, Node>; required: string[] };
    // pools and models both default to [] (CFG-022); the loader asks for at least one of them.
    expect(schema.required).toBeUndefined();
    const server = schema.properties.server as Node & { properties: Record<string, Node> };
    expect(server.required).toBeUndefined();
    expect(server.properties.bind?.default).toBe('127.0.0.1');
    expect(server.properties.token).toBeUndefined();
    const pool = (schema.properties.pools as { items: Node & { required: string[] } }).items;
    expect(pool.required).toEqual(['id', 'model']);
  });
});
