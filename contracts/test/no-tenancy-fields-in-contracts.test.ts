// OC-001: one owner and the agent clients it names (with weights and limits);
// no organisations, accounts or billing, so the wire and config contracts carry
// no field for them. Every name a client or operator can write or read
// (properties, required keys, parameters, headers, path segments, enum
// values) in the OpenAPI documents, the shared components and the config JSON
// Schema is split into words; none may be a tenancy, organisation, account or
// billing word. A future addition fails here. Clients, weights and limits are
// allowed words: they are the single owner's agents, not tenants.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const CONTRACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OPENAPI = [
  'data.yaml',
  'control.yaml',
  'pool.yaml',
  'common.yaml',
  'compat.yaml',
  'compat-openai.yaml',
  'compat-responses.yaml',
  'compat-anthropic.yaml',
].map((f) => `openapi/${f}`);
const CONFIG_SCHEMA = 'config-schema/llorch.config.schema.json';

const FORBIDDEN = new Set([
  ...['tenant', 'tenants', 'tenancy', 'multitenant', 'multitenancy'],
  ...['org', 'orgs', 'organization', 'organisation', 'organizations', 'organisations'],
  ...['account', 'accounts', 'customer', 'customers', 'subscription', 'subscriptions'],
  ...['billing', 'invoice', 'invoices', 'seat', 'seats'],
]);

/** `X-Tenant-Id`, `tenantId`, `per_org_quota` → their lower-case words. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Every user-visible name in an OpenAPI document or JSON Schema, with where it was found. */
function namesIn(node: unknown, at: string, out: { name: string; at: string }[] = []) {
  if (Array.isArray(node)) {
    node.forEach((item, i) => namesIn(item, `${at}[${i}]`, out));
    return out;
  }
  if (typeof node !== 'object' || node === null) return out;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const here = `${at}/${key}`;
    if ((key === 'properties' || key === 'headers' || key === 'paths') && typeof value === 'object' && value)
      for (const name of Object.keys(value)) out.push({ name, at: `${here}/${name}` });
    if ((key === 'required' || key === 'enum') && Array.isArray(value))
      for (const item of value) if (typeof item === 'string') out.push({ name: item, at: here });
    if (key === 'name' && typeof value === 'string') out.push({ name: value, at: here });
    namesIn(value, here, out);
  }
  return out;
}

const offending = (doc: unknown, source: string) =>
  namesIn(doc, source)
    .filter(({ name }) => wordsOf(name).some((w) => FORBIDDEN.has(w)))
    .map(({ name, at }) => `${name} (${at})`);

const read = (file: string): unknown => {
  const text = readFileSync(path.join(CONTRACTS, file), 'utf8');
  return file.endsWith('.json') ? JSON.parse(text) : parse(text);
};

describe('no multi-tenancy in the contracts', () => {
  it('finds tenancy words however they are spelt and wherever they sit', () => {
    const fixture = {
      paths: { '/v1/orgs/{id}': { get: { parameters: [{ name: 'X-Tenant-Id', in: 'header' }] } } },
      components: {
        schemas: {
          A: { properties: { tenantId: {}, ok: { items: { properties: { per_account_limit: {} } } } } },
          B: { enum: ['interactive', 'billing-plan'] },
          C: { properties: { client: {}, weight: {}, tokens_per_minute: {}, fair_share: {} } },
        },
      },
    };
    expect(offending(fixture, 'fixture')).toEqual([
      '/v1/orgs/{id} (fixture/paths//v1/orgs/{id})',
      'X-Tenant-Id (fixture/paths//v1/orgs/{id}/get/parameters[0]/name)',
      'tenantId (fixture/components/schemas/A/properties/tenantId)',
      'per_account_limit (fixture/components/schemas/A/properties/ok/items/properties/per_account_limit)',
      'billing-plan (fixture/components/schemas/B/enum)',
    ]);
    expect(wordsOf('priority')).toEqual(['priority']);
  });

  it('has no tenant, organisation, account or billing field in the OpenAPI documents [OC-001]', () => {
    for (const file of OPENAPI) {
      const names = namesIn(read(file), file);
      expect(names.length, `${file} was read`).toBeGreaterThan(5);
      expect(offending(read(file), file), file).toEqual([]);
    }
  });

  it('names agent clients with weights and limits, and no tenant, organisation, account or billing key, in the config schema [OC-001]', () => {
    const schema = read(CONFIG_SCHEMA);
    expect(namesIn(schema, CONFIG_SCHEMA).map((n) => n.name)).toEqual(
      expect.arrayContaining(['pools', 'sessions', 'server', 'clients', 'weight', 'fair_share']),
    );
    expect(offending(schema, CONFIG_SCHEMA)).toEqual([]);
  });
});
