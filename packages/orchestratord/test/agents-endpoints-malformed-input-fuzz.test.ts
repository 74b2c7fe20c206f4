// 5,000 generated malformed or odd requests across the agents' endpoints against
// a live daemon: no 5xx, no crash, and every refusal in the protocol's own error
// shape (OpenAI `{error:{message,type}}`, Anthropic `{type:'error', error:{type,message}}`)
// [ORCHD-062, ORCHD-066].
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { TOKEN, startTestDaemon, type LogSink } from './support/harness.js';
import type { RunningOrchestratord } from '../src/index.js';

const CASES = 5_000;
const CONCURRENCY = 16;

let daemon: RunningOrchestratord & { logs: LogSink };
beforeAll(async () => {
  daemon = await startTestDaemon({
    pools: [
      {
        id: 'mock',
        replicas: [
          createMockAdapter({ tokenDelayMs: 0, slotsTotal: 8, ctxMax: 512, script: [' a', ' b', ' c'] }),
        ],
        capacity: 100_000,
      },
    ],
  });
});
afterAll(async () => daemon.stop());

const ENDPOINTS = {
  '/v1/chat/completions': {
    protocol: 'openai',
    base: { model: 'mock', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 },
  },
  '/v1/completions': { protocol: 'openai', base: { model: 'mock', prompt: 'the', max_tokens: 4 } },
  '/v1/responses': { protocol: 'openai', base: { model: 'mock', input: 'hi', max_output_tokens: 4 } },
  '/v1/messages': {
    protocol: 'anthropic',
    base: { model: 'mock', max_tokens: 4, messages: [{ role: 'user', content: 'hi' }] },
  },
  '/v1/messages/count_tokens': {
    protocol: 'anthropic',
    base: { model: 'mock', messages: [{ role: 'user', content: 'hi' }] },
  },
} as const;
type Path = keyof typeof ENDPOINTS;
const PATHS = Object.keys(ENDPOINTS) as Path[];

const oddValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.string({ maxLength: 40 }),
  fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 4 }),
  fc.object({ maxDepth: 3 }),
  fc.constantFrom(
    [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }],
    [{ role: 'assistant', content: null, tool_calls: [{ id: 1, function: {} }] }],
    [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: [{ type: 'image' }] }] }],
    [{ type: 'function_call_output', call_id: 5 }],
    { type: 'json_schema', json_schema: 'x' },
    [{ type: 'function', function: { name: '' } }],
  ),
);
const FIELDS = [
  'model',
  'messages',
  'prompt',
  'input',
  'max_tokens',
  'max_output_tokens',
  'stream',
  'tools',
  'tool_choice',
  'stop',
  'stop_sequences',
  'system',
  'seed',
  'temperature',
  'top_p',
  'n',
  'logprobs',
  'suffix',
  'response_format',
  'instructions',
  'previous_response_id',
  'stream_options',
];

const body = fc.oneof(
  {
    arbitrary: fc
      .record({
        path: fc.constantFrom(...PATHS),
        field: fc.constantFrom(...FIELDS),
        value: oddValue,
        stream: fc.boolean(),
      })
      .map(({ path, field, value, stream }) => ({
        path,
        text: JSON.stringify({ ...ENDPOINTS[path].base, stream, [field]: value }),
      })),
    weight: 8,
  },
  {
    arbitrary: fc
      .record({ path: fc.constantFrom(...PATHS), v: fc.jsonValue({ maxDepth: 3 }) })
      .map(({ path, v }) => ({ path, text: JSON.stringify(v) })),
    weight: 1,
  },
  {
    arbitrary: fc
      .record({ path: fc.constantFrom(...PATHS), s: fc.string({ maxLength: 100 }) })
      .map(({ path, s }) => ({ path, text: s })),
    weight: 1,
  },
);

const fuzzCase = fc.record({
  body,
  auth: fc.oneof(
    { arbitrary: fc.constantFrom('bearer', 'api-key'), weight: 9 },
    { arbitrary: fc.constantFrom('none', 'wrong'), weight: 1 },
  ),
  priority: fc.option(fc.constantFrom('batch', 'interactive', 'urgent', ''), { nil: undefined }),
  session: fc.option(fc.string({ unit: fc.constantFrom(...'abc019-_'.split('')), maxLength: 30 }), {
    nil: undefined,
  }),
});

function isProtocolError(protocol: 'openai' | 'anthropic', parsed: unknown): boolean {
  const value = parsed as { type?: unknown; error?: { type?: unknown; message?: unknown } };
  if (typeof value?.error?.message !== 'string' || typeof value.error.type !== 'string') return false;
  return protocol === 'openai' || value.type === 'error';
}

describe('agents endpoints malformed input fuzzing', () => {
  it(`answers ${CASES} generated requests without a 5xx, every refusal in its protocol's shape [ORCHD-062] [ORCHD-066]`, async () => {
    const cases = fc.sample(fuzzCase, { numRuns: CASES, seed: 20261206 });
    const agent = new Agent({ connections: CONCURRENCY, pipelining: 1 });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (c.auth === 'bearer') headers.authorization = `Bearer ${TOKEN}`;
        if (c.auth === 'api-key') headers['x-api-key'] = TOKEN;
        if (c.auth === 'wrong') headers.authorization = 'Bearer wrong';
        if (c.priority !== undefined) headers['x-llorch-priority'] = c.priority;
        if (c.session !== undefined) headers['x-llorch-session'] = c.session;
        const protocol = ENDPOINTS[c.body.path].protocol;
        let res: Awaited<ReturnType<typeof request>>;
        try {
          res = await request(`${daemon.url}${c.body.path}`, {
            method: 'POST',
            headers,
            body: c.body.text,
            dispatcher: agent,
            signal: AbortSignal.timeout(10_000),
          });
        } catch (error) {
          failures.push(`${JSON.stringify(c)} -> transport error ${String(error)}`);
          continue;
        }
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        const type = String(res.headers['content-type'] ?? '');
        let text: string;
        try {
          text = await res.body.text();
        } catch (error) {
          failures.push(`${JSON.stringify(c)} -> ${res.statusCode} ${type} body not ended: ${String(error)}`);
          continue;
        }
        if (type.startsWith('text/event-stream')) continue;
        if (res.statusCode >= 500)
          failures.push(`${JSON.stringify(c)} -> ${res.statusCode} ${text.slice(0, 200)}`);
        if (res.statusCode < 400) continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          failures.push(`${JSON.stringify(c)} -> ${res.statusCode} non-JSON ${text.slice(0, 100)}`);
          continue;
        }
        if (!isProtocolError(protocol, parsed)) {
          failures.push(
            `${JSON.stringify(c)} -> ${res.statusCode} not ${protocol}-shaped ${text.slice(0, 200)}`,
          );
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await agent.close();
    console.log(
      `agents fuzz: ${CASES} cases in ${((performance.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(failures.slice(0, 5)).toEqual([]);
    // Both refusals and successes happened: the generator reaches past validation.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(CASES * 0.05);
    expect([...statuses.keys()].some((s) => s === 400)).toBe(true);
    const alive = await request(`${daemon.url}/livez`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(alive.statusCode).toBe(200);
    await alive.body.text();
  }, 180_000);
});
