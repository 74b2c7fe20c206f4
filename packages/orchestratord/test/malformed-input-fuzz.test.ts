// 10,000 generated malformed requests against a live daemon: no 5xx, no crash,
// and every refusal is a typed error envelope.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import { ERROR_CODES } from '@llama-orch/contracts';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { TOKEN, startTestDaemon, taskBody, type LogSink } from './support/harness.js';
import type { RunningOrchestratord } from '../src/index.js';

const CASES = 10_000;
const CONCURRENCY = 16;

let daemon: RunningOrchestratord & { logs: LogSink };
beforeAll(async () => {
  daemon = await startTestDaemon({
    pools: [
      { id: 'mock', replicas: [createMockAdapter({ tokenDelayMs: 0, slotsTotal: 8 })], capacity: 100_000 },
    ],
  });
});
afterAll(async () => daemon.stop());

const wrongValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.integer({ min: -1e12, max: 0 }),
  fc.string({ maxLength: 40 }),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }),
  fc.object({ maxDepth: 2 }),
);
const FIELDS = Object.keys(taskBody());

/** A TaskRequest broken in one way that the contract forbids. */
const brokenTask = fc.oneof(
  fc.record({ field: fc.constantFrom(...FIELDS), value: wrongValue }).map(({ field, value }) => {
    const body = taskBody();
    // Keep only mutations the contract refuses: strings stay strings only where any string is invalid.
    body[field] = typeof value === 'string' && ['model_ref', 'prompt'].includes(field) ? 17 : value;
    return JSON.stringify(body);
  }),
  fc.constantFrom(...FIELDS).map((field) => {
    const body = taskBody();
    delete body[field];
    return JSON.stringify(field === 'prompt' ? body : { ...body, __proto__x: 1, [field]: undefined });
  }),
  fc.string({ maxLength: 30 }).map((key) => JSON.stringify({ ...taskBody(), [`x_${key}`]: 1 })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constant('{"task_id": "a", '),
  fc.constant('{"__proto__": {"polluted": true}}'),
  fc.constant(JSON.stringify({ constructor: { prototype: { x: 1 } } })),
);

const headerText = fc.string({
  unit: fc.constantFrom(...'abcXYZ019 -_.:/;=,"\'\\()<>@?!~%{}[]é'.split('')),
  maxLength: 60,
});
const fuzzCase = fc.record({
  route: fc.oneof(
    { arbitrary: fc.constant('POST /v1/tasks'), weight: 6 },
    {
      arbitrary: fc.constantFrom('GET stream', 'POST cancel', 'GET session', 'DELETE session', 'GET random'),
      weight: 4,
    },
  ),
  body: brokenTask,
  id: fc.oneof(
    fc.uuid(),
    fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s) || 'x'),
  ),
  contentType: fc.oneof(
    { arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8'), weight: 7 },
    {
      arbitrary: fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/jsonx',
        '',
        'multipart/form-data; boundary=x',
      ),
      weight: 3,
    },
  ),
  auth: fc.oneof(
    { arbitrary: fc.constantFrom('bearer', 'api-key'), weight: 8 },
    { arbitrary: fc.constantFrom('none', 'wrong', 'garbage'), weight: 2 },
  ),
  correlation: fc.option(headerText, { nil: undefined }),
  lastEventId: fc.option(headerText, { nil: undefined }),
});
type FuzzCase = typeof fuzzCase extends fc.Arbitrary<infer T> ? T : never;

function requestFor(c: FuzzCase, base: string) {
  const headers: Record<string, string> = {};
  if (c.auth === 'bearer') headers.authorization = `Bearer ${TOKEN}`;
  if (c.auth === 'api-key') headers['x-api-key'] = TOKEN;
  if (c.auth === 'wrong') headers.authorization = 'Bearer not-the-token';
  if (c.auth === 'garbage') headers.authorization = 'Basic Zm9vOmJhcg==';
  if (c.contentType !== '') headers['content-type'] = c.contentType;
  if (c.correlation !== undefined) headers['x-correlation-id'] = c.correlation;
  if (c.lastEventId !== undefined) headers['last-event-id'] = c.lastEventId;
  const [method, path] = {
    'POST /v1/tasks': ['POST', '/v1/tasks'],
    'GET stream': ['GET', `/v1/tasks/${c.id}/stream`],
    'POST cancel': ['POST', `/v1/tasks/${c.id}/cancel`],
    'GET session': ['GET', `/v1/sessions/${c.id}`],
    'DELETE session': ['DELETE', `/v1/sessions/${c.id}`],
    'GET random': ['GET', `/v1/${c.id}`],
  }[c.route] as ['GET' | 'POST' | 'DELETE', string];
  return { url: `${base}${path}`, method, headers, body: method === 'GET' ? undefined : c.body };
}

describe('malformed input fuzzing', () => {
  it(`answers ${CASES} generated malformed requests without a 5xx or a crash, each refusal a typed envelope [ORCHD-049, OC-011]`, async () => {
    const cases = fc.sample(fuzzCase, { numRuns: CASES, seed: 20261125 });
    const agent = new Agent({ connections: CONCURRENCY, pipelining: 1 });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        const r = requestFor(c, daemon.url);
        let status: number;
        let text: string;
        let contentType: string;
        try {
          const res = await request(r.url, {
            method: r.method,
            headers: r.headers,
            body: r.body,
            dispatcher: agent,
            signal: AbortSignal.timeout(5_000),
          });
          status = res.statusCode;
          contentType = String(res.headers['content-type'] ?? '');
          // A valid stream of an admitted task is a success; read only its head.
          text = contentType.startsWith('text/event-stream') ? '' : await res.body.text();
          if (contentType.startsWith('text/event-stream')) res.body.destroy();
        } catch (error) {
          // undici refuses some header values client-side; those never reach the server.
          if (
            error instanceof Error &&
            /header|invalid/i.test(error.message) &&
            !/timeout/i.test(error.message)
          )
            continue;
          failures.push(`${JSON.stringify(c)} -> transport error ${String(error)}`);
          continue;
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500) failures.push(`${JSON.stringify(c)} -> ${status} ${text.slice(0, 200)}`);
        if (status >= 400) {
          let envelope: { code?: unknown; message?: unknown } = {};
          try {
            envelope = JSON.parse(text) as typeof envelope;
          } catch {
            failures.push(`${JSON.stringify(c)} -> ${status} non-JSON body ${text.slice(0, 100)}`);
            continue;
          }
          if (
            !(ERROR_CODES as readonly unknown[]).includes(envelope.code) ||
            typeof envelope.message !== 'string'
          ) {
            failures.push(`${JSON.stringify(c)} -> ${status} untyped body ${text.slice(0, 200)}`);
          }
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    await agent.close();
    console.log(
      `fuzz: ${CASES} cases in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(failures.slice(0, 5)).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(CASES * 0.9);
    const alive = await request(`${daemon.url}/livez`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(alive.statusCode).toBe(200);
    await alive.body.text();
  }, 120_000);
});
