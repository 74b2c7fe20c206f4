// ORCHD-049, OC-011: failures Fastify itself detects (a URL it cannot decode, a body
// that is not JSON, too large or of another media type, a route that does not exist)
// leave through the same envelope as ours, with a typed code and a message that says
// what to change — never Fastify's own FST_ERR_* shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TABLE, isErrorCode } from '@llama-orch/contracts';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { auth, buildTestApp, type LogSink } from './support/harness.js';
import type { OrchestratordApp } from '../src/index.js';

let built: OrchestratordApp & { logs: LogSink };
beforeAll(async () => {
  built = await buildTestApp({ pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs: 1 })] }] });
});
afterAll(async () => built.app.close());

interface Envelope {
  code: string;
  message: string;
  retriable?: boolean;
}

/** The one envelope: only its documented keys, a known code, and the status the table allows for it. */
function expectEnvelope(status: number, body: unknown): Envelope {
  const envelope = body as Envelope;
  expect(Object.keys(envelope).every((k) => ['code', 'message', 'retriable'].includes(k))).toBe(true);
  expect(isErrorCode(envelope.code)).toBe(true);
  if (isErrorCode(envelope.code)) expect(ERROR_TABLE[envelope.code].statuses).toContain(status);
  expect(envelope.message).not.toMatch(/FST_ERR/);
  return envelope;
}

describe('framework errors use the envelope', () => {
  it('a stream id with broken percent-encoding is 400 INVALID_PARAMS naming the path [ORCHD-049]', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/v1/tasks/%E0%A4%A/stream', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const body = expectEnvelope(400, res.json());
    expect(body.code).toBe('INVALID_PARAMS');
    expect(body.message).toMatch(/percent-encod/);
    expect(res.headers['x-correlation-id']).toBeDefined();
    // Fastify never routed it, so reports no end; its one log line is written anyway (MET-029).
    const lines = built.logs.records().filter((r) => r.correlation_id === res.headers['x-correlation-id']);
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'request rejected', status: 400, code: 'INVALID_PARAMS' }),
    ]);
  });

  it('an unknown route is 404 NOT_FOUND, not INVALID_PARAMS [ORCHD-049]', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/v1/nowhere?x=1', headers: auth });
    expect(res.statusCode).toBe(404);
    const body = expectEnvelope(404, res.json());
    expect(body).toMatchObject({ code: 'NOT_FOUND', retriable: false });
    expect(body.message).toContain('GET /v1/nowhere');
  });

  it('a body that is not JSON is 400 INVALID_PARAMS [ORCHD-049]', async () => {
    const res = await built.app.inject({
      method: 'POST',
      url: '/v1/tasks',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"task_id": ',
    });
    expect(res.statusCode).toBe(400);
    const body = expectEnvelope(400, res.json());
    expect(body.code).toBe('INVALID_PARAMS');
    expect(body.message).toMatch(/not valid JSON/);
  });

  it('another media type is 415 INVALID_PARAMS asking for JSON [ORCHD-049]', async () => {
    const res = await built.app.inject({
      method: 'POST',
      url: '/v1/tasks',
      headers: { ...auth, 'content-type': 'application/xml' },
      payload: '<task/>',
    });
    expect(res.statusCode).toBe(415);
    const body = expectEnvelope(415, res.json());
    expect(body.code).toBe('INVALID_PARAMS');
    expect(body.message).toMatch(/application\/json/);
  });

  it('a body over the limit is 413 INVALID_PARAMS [ORCHD-049]', async () => {
    const res = await built.app.inject({
      method: 'POST',
      url: '/v1/tasks',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ prompt: 'x'.repeat(5 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    const body = expectEnvelope(413, res.json());
    expect(body.code).toBe('INVALID_PARAMS');
    expect(body.message).toMatch(/too large/);
  });

  it('an unknown task id is 404 NOT_FOUND [ORCHD-049]', async () => {
    const id = '0b1e1c1a-0000-4000-8000-000000000000';
    for (const [method, url] of [
      ['GET', `/v1/tasks/${id}/stream`],
      ['POST', `/v1/tasks/${id}/cancel`],
    ] as const) {
      const res = await built.app.inject({ method, url, headers: auth });
      expect(res.statusCode).toBe(404);
      expect(expectEnvelope(404, res.json()).code).toBe('NOT_FOUND');
    }
  });
});
