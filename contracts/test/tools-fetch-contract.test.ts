// OC-024: the mediated fetch as a contract. data.yaml documents POST
// /v1/tools/fetch with a strict body, every refusal status the daemon answers
// with and the result shape; the config's `policy` section carries the bounds
// it enforces, request size included, each with a default.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError, ERROR_CODES, configJsonSchema, parseConfig } from '@llama-orch/contracts';

type Node = Record<string, unknown>;
const DATA = parse(
  readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../openapi/data.yaml'), 'utf8'),
) as Node;
const schemas = (DATA.components as Node).schemas as Record<string, Node>;
const operation = ((DATA.paths as Node)['/v1/tools/fetch'] as Node | undefined)?.post as Node | undefined;
const pool = { id: 'p', model: { ref: 'm' } };

describe('POST /v1/tools/fetch in data.yaml', () => {
  it('takes a strict FetchRequest: url, method GET|HEAD|POST, headers, body, bounded timeout_ms [ORCHD-052] [OC-024]', () => {
    expect(operation).toBeDefined();
    const request = schemas.FetchRequest ?? {};
    expect(request.additionalProperties).toBe(false);
    expect(request.required).toEqual(['url']);
    const props = request.properties as Record<string, Node>;
    expect(Object.keys(props).sort()).toEqual(['body', 'headers', 'method', 'timeout_ms', 'url']);
    expect(props.method).toMatchObject({ enum: ['GET', 'HEAD', 'POST'], default: 'GET' });
    expect(props.timeout_ms).toMatchObject({ type: 'integer', minimum: 100, maximum: 60000 });
    expect(props.url).toMatchObject({ maxLength: 2048 });
  });

  it('documents every status the policy and the target can produce [ORCHD-053] [ORCHD-055] [ORCHD-056] [ORCHD-058]', () => {
    const responses = (operation?.responses ?? {}) as Node;
    expect(Object.keys(responses).sort()).toEqual(
      ['200', '400', '401', '403', '413', '429', '500', '502', '504'].sort(),
    );
    const tooMany = responses['429'] as Node;
    expect(Object.keys(tooMany.headers as Node)).toEqual(['X-Correlation-Id', 'Retry-After', 'X-Backoff-Ms']);
    const body = ((tooMany.content as Node)['application/json'] as Node).schema as Node;
    expect(body.$ref).toBe('#/components/schemas/BackpressureError');
    expect(ERROR_CODES).toEqual(expect.arrayContaining(['POLICY_DENIED', 'FETCH_FAILED']));
  });

  it('returns status, headers, body with its encoding, size and the redacted header names [ORCHD-058]', () => {
    const result = schemas.FetchResult ?? {};
    expect(result.required).toEqual(['status', 'headers', 'body', 'encoding', 'bytes', 'redacted_headers']);
    expect((result.properties as Record<string, Node>).encoding?.enum).toEqual(['utf8', 'base64']);
  });
});

describe('the policy section', () => {
  it('bounds request and response size and rate, with defaults [OC-024] [CFG-004]', () => {
    const { policy } = parseConfig({ pools: [pool] });
    expect(policy).toMatchObject({
      enabled: false,
      max_request_bytes: 64 * 1024,
      max_response_bytes: 1024 * 1024,
      rate_per_minute: 30,
    });
    expect(policy.redact_headers).toEqual(
      expect.arrayContaining(['authorization', 'set-cookie', 'x-api-key']),
    );
    const section = (configJsonSchema() as { properties: Record<string, Node> }).properties.policy ?? {};
    expect(Object.keys(section.properties as Node)).toContain('max_request_bytes');
  });

  it('refuses a max_request_bytes that is not a positive integer, naming its path [OC-024] [CFG-003]', () => {
    for (const bad of [0, -1, 1.5, '64k']) {
      let error: unknown;
      try {
        parseConfig({ pools: [pool], policy: { max_request_bytes: bad } });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((i) => i.path)).toEqual(['policy.max_request_bytes']);
    }
  });
});
