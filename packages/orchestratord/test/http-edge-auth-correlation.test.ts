import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { ERROR_CODES } from '@llama-orch/contracts';
import { TOKEN, auth, buildTestApp, type LogSink } from './support/harness.js';
import type { OrchestratordApp } from '../src/index.js';

let built: OrchestratordApp & { logs: LogSink };
beforeAll(async () => {
  built = await buildTestApp({ pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs: 1 })] }] });
});
afterAll(async () => built.app.close());

describe('auth', () => {
  it('answers 401 with a typed envelope when no token is sent [OC-005]', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/livez' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'INVALID_PARAMS', retriable: false });
    expect(res.json().message).toMatch(/Authorization: Bearer/);
  });

  it('answers 403 for a wrong token, via either header [OC-005]', async () => {
    for (const headers of [{ authorization: 'Bearer nope' }, { 'x-api-key': 'nope' }]) {
      const res = await built.app.inject({ method: 'GET', url: '/livez', headers });
      expect(res.statusCode).toBe(403);
      expect(ERROR_CODES).toContain(res.json().code);
    }
  });

  it('accepts the token as a Bearer token or as X-API-Key [OC-005]', async () => {
    for (const headers of [auth, { 'x-api-key': TOKEN }, { authorization: `bearer ${TOKEN}` }]) {
      const res = await built.app.inject({ method: 'GET', url: '/livez', headers });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ live: true });
    }
  });

  it('treats a token that is a prefix or extension of the real one as wrong [OC-006]', async () => {
    for (const token of [TOKEN.slice(0, -1), `${TOKEN}x`, '']) {
      const res = await built.app.inject({ method: 'GET', url: '/livez', headers: { 'x-api-key': token } });
      expect([401, 403]).toContain(res.statusCode);
    }
  });
});

describe('correlation ids', () => {
  it('echoes a well-formed X-Correlation-Id [OC-009]', async () => {
    const res = await built.app.inject({
      method: 'GET',
      url: '/livez',
      headers: { ...auth, 'x-correlation-id': 'agent-7.run:1' },
    });
    expect(res.headers['x-correlation-id']).toBe('agent-7.run:1');
  });

  it('generates one when absent or malformed, also on errors [OC-009]', async () => {
    const plain = await built.app.inject({ method: 'GET', url: '/livez', headers: auth });
    expect(plain.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await built.app.inject({
      method: 'GET',
      url: '/livez',
      headers: { 'x-correlation-id': 'has space' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends no correlation id on a 204 [OC-009]', async () => {
    const res = await built.app.inject({
      method: 'DELETE',
      url: '/v1/sessions/0b1e1c1a-0000-4000-8000-000000000000',
      headers: { ...auth, 'x-correlation-id': 'c-204' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['x-correlation-id']).toBeUndefined();
  });

  it('tags the log line of a request with its correlation id [OC-010, MET-028, MET-029]', async () => {
    await built.app.inject({
      method: 'GET',
      url: '/nowhere',
      headers: { ...auth, 'x-correlation-id': 'trace-me' },
    });
    const lines = built.logs.records().filter((r) => r.correlation_id === 'trace-me');
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'request rejected',
        method: 'GET',
        url: '/nowhere',
        status: 404,
        code: 'NOT_FOUND',
      }),
    ]);
  });
});

describe('error envelope', () => {
  it('maps unknown routes, bad JSON and wrong media types to typed 4xx envelopes [ORCHD-049, OC-011]', async () => {
    const cases = [
      { method: 'GET' as const, url: '/nowhere', status: 404, code: 'NOT_FOUND' },
      {
        method: 'POST' as const,
        url: '/v1/tasks',
        payload: '{bad',
        headers: { 'content-type': 'application/json' },
        status: 400,
        code: 'INVALID_PARAMS',
      },
      {
        method: 'POST' as const,
        url: '/v1/tasks',
        payload: 'x',
        headers: { 'content-type': 'application/xml' },
        status: 415,
        code: 'INVALID_PARAMS',
      },
    ];
    for (const c of cases) {
      const res = await built.app.inject({
        method: c.method,
        url: c.url,
        payload: c.payload,
        headers: { ...auth, ...c.headers },
      });
      expect(res.statusCode).toBe(c.status);
      expect(res.json()).toMatchObject({ code: c.code, retriable: false });
      expect(typeof res.json().message).toBe('string');
    }
  });
});

describe('readiness', () => {
  it('reports ready once a replica answered its probe [ORCHD-046]', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/readyz', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ready: true, reasons: [] });
  });
});
