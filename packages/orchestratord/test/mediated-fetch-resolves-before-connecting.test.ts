// ORCHD-054, ORCHD-059 (OC-024): an allowed name is resolved before any
// connection, and a name that resolves to a loopback or private address is
// refused unless allow_domains lists that address itself; the connection then
// goes to the address that was checked, never to a second lookup's answer.
// The llama-orch token is refused anywhere in the URL or the body, not only in
// headers. Targets are real servers on 127.0.0.1, reached as `localhost`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { OrchestratordApp } from '../src/index.js';
import { isPrivateAddress, pinnedAgent } from '../src/tools/fetch-address.js';
import { TOKEN, auth, type LogSink } from './support/harness.js';
import { auditLine, buildFetchApp, startFetchTarget, type FetchTarget } from './support/fetch-target.js';

let target: FetchTarget;
let nameOnly: OrchestratordApp & { logs: LogSink };
let withAddress: OrchestratordApp & { logs: LogSink };
let sequence = 0;

const POLICY = { enabled: true, max_request_bytes: 1024, rate_per_minute: 1000 };

async function fetchVia(app: OrchestratordApp, payload: Record<string, unknown>) {
  sequence += 1;
  const id = `resolve-${sequence}`;
  const res = await app.app.inject({
    method: 'POST',
    url: '/v1/tools/fetch',
    headers: { ...auth, 'x-correlation-id': id },
    payload,
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>(), id };
}

beforeAll(async () => {
  target = await startFetchTarget();
  nameOnly = await buildFetchApp({ policy: { ...POLICY, allow_domains: ['localhost'] } });
  withAddress = await buildFetchApp({ policy: { ...POLICY, allow_domains: ['localhost', '127.0.0.1'] } });
});
afterAll(async () => {
  await nameOnly?.app.close();
  await withAddress?.app.close();
  await target?.close();
});

describe('a listed name that resolves to a private address', () => {
  it('is refused before any connection, naming the address and the entry that would allow it [ORCHD-054] [ORCHD-060]', async () => {
    const hits = target.received.length;
    const answer = await fetchVia(nameOnly, { url: target.url('/hello') });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({
      code: 'POLICY_DENIED',
      policy_label: 'policy.private_address',
      retriable: false,
    });
    expect(answer.body.message).toContain('localhost resolves to 127.0.0.1');
    expect(answer.body.message).toContain('add 127.0.0.1 to policy.allow_domains');
    expect(target.received).toHaveLength(hits);
    expect(auditLine(nameOnly.logs, answer.id)).toEqual([
      expect.objectContaining({ decision: 'deny', rule: 'policy.private_address', host: 'localhost' }),
    ]);
  });

  it('is fetched when allow_domains lists the address it resolves to [ORCHD-054]', async () => {
    const answer = await fetchVia(withAddress, { url: target.url('/hello') });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 200, body: 'hello from the target ✓' });
    expect(target.received.at(-1)?.headers.host).toBe(`localhost:${target.port}`);
  });
});

describe('the connection goes to the checked address', () => {
  it('connects where the pinned lookup says, without resolving the name again [ORCHD-054]', async () => {
    // `.invalid` never resolves (RFC 6761): an answer proves no second lookup took place.
    const agent = pinnedAgent([{ address: '127.0.0.1', family: 4 }]);
    try {
      const res = await request(`http://checked.invalid:${target.port}/hello`, { dispatcher: agent });
      expect(res.statusCode).toBe(200);
      expect(await res.body.text()).toBe('hello from the target ✓');
    } finally {
      await agent.close();
    }
  });
});

describe('address ranges', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.254',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
  ])('treats %s as private [ORCHD-054]', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'treats %s as public [ORCHD-054]',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
});

describe('the llama-orch token outside the headers', () => {
  type Payload = { url: string; method?: string; body?: string };
  it.each<[string, string, (t: string) => Payload]>([
    ['the query', 'body.url', (t) => ({ url: target.url(`/hello?key=${t}`) })],
    ['the path', 'body.url', (t) => ({ url: target.url(`/keys/${t}`) })],
    [
      'the query, percent-encoded',
      'body.url',
      (t) => ({ url: target.url(`/hello?key=${encodeURIComponent(t).replace(/-/g, '%2D')}`) }),
    ],
    ['the body', 'body.body', (t) => ({ url: target.url('/echo'), method: 'POST', body: `{"key":"${t}"}` })],
  ])(
    'is refused in %s, naming the field, before any connection [ORCHD-059]',
    async (_where, field, payloadOf) => {
      const hits = target.received.length;
      const answer = await fetchVia(withAddress, payloadOf(TOKEN));
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'INVALID_PARAMS' });
      expect(answer.body.message).toContain(field);
      expect(answer.body.message).toContain('llama-orch API token');
      expect(String(answer.body.message)).not.toContain(TOKEN);
      expect(target.received).toHaveLength(hits);
    },
  );
});
