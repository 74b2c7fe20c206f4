// ORCHD-056 through the daemon: the deployment-wide fetch rate is a token
// bucket on the daemon's clock. The test owns that clock, so every wait the
// daemon announces is an exact number derived from the bucket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrchestratordApp } from '../src/index.js';
import { auth, type LogSink } from './support/harness.js';
import { auditLine, buildFetchApp, startFetchTarget, type FetchTarget } from './support/fetch-target.js';

let target: FetchTarget;
let daemon: OrchestratordApp & { logs: LogSink };
let clock = 5_000_000;
let sequence = 0;

async function fetchHello(url: string) {
  sequence += 1;
  const id = `rate-${sequence}`;
  const res = await daemon.app.inject({
    method: 'POST',
    url: '/v1/tools/fetch',
    headers: { ...auth, 'x-correlation-id': id },
    payload: { url },
  });
  return { status: res.statusCode, headers: res.headers, body: res.json<Record<string, unknown>>(), id };
}

beforeAll(async () => {
  target = await startFetchTarget();
  daemon = await buildFetchApp({
    policy: { enabled: true, allow_domains: ['localhost', '127.0.0.1'], rate_per_minute: 2 },
    now: () => clock,
  });
});
afterAll(async () => {
  await daemon?.app.close();
  await target?.close();
});

describe('the fetch rate bucket', () => {
  it('allows a burst of rate_per_minute, then answers 429 with a wait computed from the bucket [ORCHD-056] [OC-024]', async () => {
    const hello = target.url('/hello');
    expect((await fetchHello(hello)).status).toBe(200);
    // A refused fetch spends no token.
    expect((await fetchHello('http://elsewhere.test/')).status).toBe(403);
    expect((await fetchHello(hello)).status).toBe(200);

    const empty = await fetchHello(hello);
    expect(empty.status).toBe(429);
    expect(empty.body).toMatchObject({
      code: 'POLICY_DENIED',
      policy_label: 'policy.rate_per_minute',
      retriable: true,
      retry_after_ms: 30_000, // 2 per minute: one token every 30 s
    });
    expect(empty.headers['retry-after']).toBe('30');
    expect(empty.headers['x-backoff-ms']).toBe('30000');
    expect(auditLine(daemon.logs, empty.id)).toEqual([
      expect.objectContaining({ decision: 'deny', rule: 'policy.rate_per_minute', status: 429 }),
    ]);

    clock += 12_500;
    const later = await fetchHello(hello);
    expect(later.status).toBe(429);
    expect(later.body.retry_after_ms).toBe(17_500);
    expect(later.headers['retry-after']).toBe('18');

    clock += 17_500;
    expect((await fetchHello(hello)).status).toBe(200);
    const again = await fetchHello(hello);
    expect(again.status).toBe(429);
    expect(again.body.retry_after_ms).toBe(30_000);
    // Only the allowed fetches reached the target.
    expect(target.received.filter((r) => r.path === '/hello')).toHaveLength(3);
  });
});
