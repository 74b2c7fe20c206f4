// OC-024 through the daemon: `POST /v1/tools/fetch` built by buildApp(), driven
// with inject(), fetching from a real HTTP server on 127.0.0.1 that records
// what reached it. Each policy rule is shown to refuse (and the target to stay
// untouched), the allowed path to carry only what it should, and every
// decision to leave exactly one audit line without secrets.
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrchestratordApp } from '../src/index.js';
import { TOKEN, auth, waitFor, type LogSink } from './support/harness.js';
import {
  BINARY,
  auditLine,
  buildFetchApp,
  startFetchTarget,
  type FetchTarget,
} from './support/fetch-target.js';

let target: FetchTarget;
let daemon: OrchestratordApp & { logs: LogSink };
let sequence = 0;

const POLICY = {
  enabled: true,
  allow_domains: ['localhost', '127.0.0.1', '*.allowed.test'], // a name reaches 127.0.0.1 only if listed
  deny_domains: ['bad.allowed.test'],
  max_request_bytes: 1024,
  max_response_bytes: 64 * 1024,
  rate_per_minute: 1000,
};

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: Record<string, unknown>;
  id: string;
}

async function fetchVia(
  app: OrchestratordApp & { logs: LogSink },
  payload: unknown,
  headers = {},
): Promise<Answer> {
  sequence += 1;
  const id = `fetch-test-${sequence}`;
  const res = await app.app.inject({
    method: 'POST',
    url: '/v1/tools/fetch',
    headers: { ...auth, 'x-correlation-id': id, ...headers },
    payload: payload as Record<string, unknown>,
  });
  return { status: res.statusCode, headers: res.headers, body: res.json(), id };
}

const only = (logs: LogSink, id: string) => {
  const lines = auditLine(logs, id);
  expect(lines).toHaveLength(1);
  return lines[0] ?? {};
};

beforeAll(async () => {
  target = await startFetchTarget();
  daemon = await buildFetchApp({ policy: POLICY });
});
afterAll(async () => {
  await daemon?.app.close();
  await target?.close();
});

describe('POST /v1/tools/fetch: allowed fetches', () => {
  it('returns status, headers and text body of an allowed host, minus redacted and hop-by-hop headers [ORCHD-058] [ORCHD-060] [OC-024]', async () => {
    const answer = await fetchVia(daemon, { url: target.url('/hello?api_key=QUERY_SECRET_9d') });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: 200,
      body: 'hello from the target ✓',
      encoding: 'utf8',
      bytes: Buffer.byteLength('hello from the target ✓'),
      redacted_headers: ['set-cookie'],
    });
    const headers = answer.body.headers as Record<string, string>;
    expect(headers['x-target']).toBe('yes');
    expect(headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(headers).not.toHaveProperty('set-cookie');
    expect(headers).not.toHaveProperty('keep-alive');
    expect(headers).not.toHaveProperty('connection');
    expect(only(daemon.logs, answer.id)).toMatchObject({
      decision: 'allow',
      rule: 'policy.allow_domains',
      method: 'GET',
      host: 'localhost',
      path: '/hello',
      status: 200,
      upstream_status: 200,
      bytes: answer.body.bytes,
      correlation_id: answer.id,
    });
    expect(only(daemon.logs, answer.id).duration_ms).toEqual(expect.any(Number));
  });

  it('returns a body that is not UTF-8 as base64 [ORCHD-058]', async () => {
    const answer = await fetchVia(daemon, { url: target.url('/binary') });
    expect(answer.body).toMatchObject({ status: 200, encoding: 'base64', bytes: BINARY.length });
    expect(Buffer.from(String(answer.body.body), 'base64').equals(BINARY)).toBe(true);
  });

  it('sends HEAD as HEAD and returns an empty body [ORCHD-052] [ORCHD-058]', async () => {
    const answer = await fetchVia(daemon, { url: target.url('/hello'), method: 'HEAD' });
    expect(answer.body).toMatchObject({ status: 200, body: '', bytes: 0, encoding: 'utf8' });
    expect(target.received.at(-1)).toMatchObject({ method: 'HEAD', path: '/hello' });
  });

  it('POSTs the body and returns the target status as it is [ORCHD-052] [ORCHD-058]', async () => {
    const answer = await fetchVia(daemon, {
      url: target.url('/echo'),
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'x'.repeat(1024),
    });
    expect(answer.body).toMatchObject({ status: 201, body: 'x'.repeat(1024) });
    expect(target.received.at(-1)).toMatchObject({ method: 'POST', path: '/echo', body: 'x'.repeat(1024) });
  });

  it('returns a redirect to the caller instead of following it [ORCHD-057]', async () => {
    const before = target.received.filter((r) => r.path === '/hello').length;
    const answer = await fetchVia(daemon, { url: target.url('/redirect') });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 302, headers: { location: target.url('/hello') } });
    expect(target.received.filter((r) => r.path === '/hello')).toHaveLength(before);
    expect(only(daemon.logs, answer.id)).toMatchObject({ decision: 'allow', upstream_status: 302 });
  });

  it('never forwards the llama-orch Authorization or X-API-Key, and drops hop-by-hop headers [ORCHD-059] [OC-024]', async () => {
    const answer = await fetchVia(
      daemon,
      {
        url: target.url('/hello'),
        headers: {
          Authorization: 'Bearer TARGET_SECRET_41ab',
          'X-Custom': 'kept',
          Host: 'evil.example',
          Upgrade: 'websocket',
          'Proxy-Authorization': 'Basic cHJveHk6cHJveHk=',
          'Transfer-Encoding': 'chunked',
        },
      },
      { 'x-api-key': TOKEN },
    );
    expect(answer.status).toBe(200);
    const seen = target.received.at(-1)?.headers ?? {};
    // The caller's own header for the target is sent; the llama-orch credentials are not.
    expect(seen.authorization).toBe('Bearer TARGET_SECRET_41ab');
    expect(seen['x-api-key']).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain(TOKEN);
    expect(seen['x-custom']).toBe('kept');
    expect(seen.host).toBe(`localhost:${target.port}`);
    expect(seen.upgrade).toBeUndefined();
    expect(seen['proxy-authorization']).toBeUndefined();
    expect(seen['transfer-encoding']).toBeUndefined();
  });

  it('refuses a fetch header that carries the llama-orch token, naming the header [ORCHD-059]', async () => {
    const hits = target.received.length;
    const answer = await fetchVia(daemon, {
      url: target.url('/hello'),
      headers: { 'X-Forward': `token ${TOKEN}` },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'INVALID_PARAMS' });
    expect(String(answer.body.message)).toContain('body.headers.X-Forward');
    expect(target.received).toHaveLength(hits);
  });
});

describe('POST /v1/tools/fetch: refusals before any connection', () => {
  const refused = async (url: string, rule: string, status = 403) => {
    const hits = target.received.length;
    const answer = await fetchVia(daemon, { url });
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ code: 'POLICY_DENIED', policy_label: rule, retriable: false });
    expect(target.received).toHaveLength(hits);
    expect(only(daemon.logs, answer.id)).toMatchObject({
      decision: 'deny',
      rule,
      status,
      upstream_status: null,
      bytes: 0,
      correlation_id: answer.id,
    });
    return answer;
  };

  it('denies a host on the deny list even when a wildcard allows it [ORCHD-053] [ORCHD-054] [ORCHD-060]', async () => {
    // `.test` names never resolve: a lookup before the decision would surface as FETCH_FAILED, not 403.
    const answer = await refused('http://BAD.allowed.test./x?secret=1', 'policy.deny_domains');
    expect(answer.body.message).toContain('bad.allowed.test');
    expect(answer.body.message).toContain('policy.deny_domains');
    expect(only(daemon.logs, answer.id)).toMatchObject({ host: 'bad.allowed.test', path: '/x' });
  });

  it('denies a host on no list (deny by default), naming the allow-list entry to add [ORCHD-053] [ORCHD-054]', async () => {
    const apex = await refused('http://allowed.test/', 'policy.allow_domains');
    expect(apex.body.message).toContain('add allowed.test');
    const lookalike = await refused('http://notallowed.test/', 'policy.allow_domains');
    expect(lookalike.body.message).toContain('policy.allow_domains');
  });

  it('refuses IP-literal hosts, whatever their spelling, unless listed literally [ORCHD-054]', async () => {
    await refused(target.url('/hello', '127.0.0.2'), 'policy.ip_literal');
    await refused(target.url('/hello', '0x7f.0.0.2'), 'policy.ip_literal');
    await refused(target.url('/hello', '[::1]'), 'policy.ip_literal');
    const literal = await buildFetchApp({ policy: { ...POLICY, allow_domains: ['127.0.0.1'] } });
    try {
      const answer = await fetchVia(literal, { url: target.url('/hello', '127.0.0.1') });
      expect(answer.body).toMatchObject({ status: 200, body: 'hello from the target ✓' });
    } finally {
      await literal.app.close();
    }
  });

  it('refuses a request body over max_request_bytes with 413, counting UTF-8 bytes [ORCHD-055]', async () => {
    const hits = target.received.length;
    const answer = await fetchVia(daemon, {
      url: target.url('/echo'),
      method: 'POST',
      body: 'é'.repeat(513),
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ code: 'POLICY_DENIED', policy_label: 'policy.max_request_bytes' });
    expect(answer.body.message).toContain('1026 bytes');
    expect(only(daemon.logs, answer.id)).toMatchObject({
      decision: 'deny',
      rule: 'policy.max_request_bytes',
      status: 413,
    });
    // Even a body past the transport limit gets the policy's answer and an audit line.
    const huge = await fetchVia(daemon, {
      url: target.url('/echo'),
      method: 'POST',
      body: 'y'.repeat(200_000),
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ code: 'POLICY_DENIED', policy_label: 'policy.max_request_bytes' });
    expect(only(daemon.logs, huge.id)).toMatchObject({ decision: 'deny', status: 413 });
    expect(target.received).toHaveLength(hits);
  });

  it('refuses everything when the policy is disabled [ORCHD-053]', async () => {
    const off = await buildFetchApp({ policy: { ...POLICY, enabled: false } });
    try {
      const hits = target.received.length;
      const answer = await fetchVia(off, { url: target.url('/hello') });
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ code: 'POLICY_DENIED', policy_label: 'policy.enabled' });
      expect(answer.body.message).toContain('policy.enabled: true');
      expect(target.received).toHaveLength(hits);
      expect(only(off.logs, answer.id)).toMatchObject({
        decision: 'deny',
        rule: 'policy.enabled',
        status: 403,
      });
    } finally {
      await off.app.close();
    }
  });
});

describe('POST /v1/tools/fetch: the response bound and failures', () => {
  it('aborts a streamed response past max_response_bytes and returns no partial body [ORCHD-058]', async () => {
    const answer = await fetchVia(daemon, { url: target.url('/big') });
    expect(answer.status).toBe(502);
    expect(answer.body).toMatchObject({ code: 'POLICY_DENIED', policy_label: 'policy.max_response_bytes' });
    expect(answer.body).not.toHaveProperty('body');
    // The target saw its response cut off before it had written it all.
    await waitFor(() => target.cutOff.includes('/big'), 5_000);
    const line = only(daemon.logs, answer.id);
    expect(line).toMatchObject({
      decision: 'deny',
      rule: 'policy.max_response_bytes',
      status: 502,
      upstream_status: 200,
    });
    expect(line.bytes).toBeGreaterThan(64 * 1024);
    expect(line.bytes).toBeLessThan(4 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the limit before reading the body [ORCHD-058]', async () => {
    const answer = await fetchVia(daemon, { url: target.url('/big-declared') });
    expect(answer.status).toBe(502);
    expect(answer.body).toMatchObject({ code: 'POLICY_DENIED', policy_label: 'policy.max_response_bytes' });
    expect(only(daemon.logs, answer.id)).toMatchObject({ decision: 'deny', bytes: 0 });
  });

  it('reports an unreachable target and a silent one as FETCH_FAILED, retriable [ORCHD-058]', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await fetchVia(daemon, { url: `http://localhost:${port}/` });
    expect(refused.status).toBe(502);
    expect(refused.body).toMatchObject({ code: 'FETCH_FAILED', retriable: true });
    expect(only(daemon.logs, refused.id)).toMatchObject({
      decision: 'allow',
      status: 502,
      upstream_status: null,
    });

    const silent = await fetchVia(daemon, { url: target.url('/silent'), timeout_ms: 300 });
    expect(silent.status).toBe(504);
    expect(silent.body).toMatchObject({ code: 'FETCH_FAILED', retriable: true });
    expect(silent.body.message).toContain('300 ms');
    expect(only(daemon.logs, silent.id)).toMatchObject({ decision: 'allow', status: 504, reason: 'timeout' });
  });
});

describe('POST /v1/tools/fetch: validation and auth', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['no url', {}, 'body.url'],
    ['a non-http scheme', { url: 'ftp://localhost/x' }, 'body.url'],
    ['credentials in the url', { url: 'http://me:pw@localhost/x' }, 'body.url'],
    ['an unknown method', { url: 'http://localhost/', method: 'PUT' }, 'body.method'],
    ['a body with GET', { url: 'http://localhost/', body: 'x' }, 'body.body'],
    ['headers as a list', { url: 'http://localhost/', headers: ['a'] }, 'body.headers'],
    ['a bad header name', { url: 'http://localhost/', headers: { 'a b': 'x' } }, 'body.headers.a b'],
    [
      'a header value with a line break',
      { url: 'http://localhost/', headers: { a: 'x\r\ny: z' } },
      'body.headers.a',
    ],
    ['a timeout below the bound', { url: 'http://localhost/', timeout_ms: 50 }, 'body.timeout_ms'],
    ['a timeout above the bound', { url: 'http://localhost/', timeout_ms: 60_001 }, 'body.timeout_ms'],
    ['an unknown field', { url: 'http://localhost/', follow: true }, 'body.follow'],
  ];
  it.each(cases)(
    'refuses %s with 400 INVALID_PARAMS naming the field [ORCHD-052]',
    async (_what, payload, field) => {
      const hits = target.received.length;
      const answer = await fetchVia(daemon, payload);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'INVALID_PARAMS', retriable: false });
      expect(String(answer.body.message)).toContain(field);
      expect(target.received).toHaveLength(hits);
      expect(auditLine(daemon.logs, answer.id)).toEqual([]);
    },
  );

  it('needs the API token like every data-plane route [ORCHD-052]', async () => {
    const res = await daemon.app.inject({
      method: 'POST',
      url: '/v1/tools/fetch',
      payload: { url: target.url('/hello') },
    });
    expect(res.statusCode).toBe(401);
    const wrong = await daemon.app.inject({
      method: 'POST',
      url: '/v1/tools/fetch',
      headers: { authorization: 'Bearer not-the-token' },
      payload: { url: target.url('/hello') },
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'INVALID_PARAMS' });
  });
});

describe('the audit log', () => {
  it('holds one line per decision and never a header value, query value or the API token [ORCHD-060] [OC-024]', () => {
    const text = daemon.logs.lines.join('\n');
    for (const secret of [
      TOKEN,
      'COOKIE_SECRET_7c1e',
      'TARGET_SECRET_41ab',
      'QUERY_SECRET_9d',
      'cHJveHk6cHJveHk=',
    ]) {
      expect(text).not.toContain(secret);
    }
    const lines = daemon.logs.records().filter((r) => r.msg === 'fetch audit');
    // Every test above that passed validation left exactly one line for its correlation id.
    const ids = lines.map((l) => String(l.correlation_id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(lines.length).toBeGreaterThanOrEqual(15);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining([
          'decision',
          'rule',
          'method',
          'host',
          'path',
          'status',
          'upstream_status',
          'bytes',
          'duration_ms',
          'correlation_id',
        ]),
      );
      expect(String(line.path ?? '')).not.toContain('?');
    }
  });
});
