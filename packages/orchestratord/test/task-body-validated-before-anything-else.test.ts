// ORCHD-001: POST /v1/tasks checks the body against the TaskRequest contract
// before anything else. Each row breaks one rule; the answer is 400
// INVALID_PARAMS naming the field, and the daemon acts on nothing in the body:
// no idempotency record, no session, no queue entry, no engine call.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockAdapter, type MockAdapter } from '@llama-orch/worker-adapters';
import { auth, buildTestApp, taskBody, type LogSink } from './support/harness.js';
import { valueOf } from './support/metrics-scrape.js';
import type { OrchestratordApp } from '../src/index.js';

let built: OrchestratordApp & { logs: LogSink };
let adapter: MockAdapter;
beforeAll(async () => {
  adapter = createMockAdapter({ tokenDelayMs: 1 });
  built = await buildTestApp({ pools: [{ id: 'mock', replicas: [adapter] }] });
});
afterAll(async () => built.app.close());

const without = (field: string) => {
  const body = taskBody();
  delete body[field];
  return body;
};

interface Row {
  what: string;
  body: unknown;
  /** Text the message must contain: the offending field, as `body.<field>`. */
  names: readonly string[];
}

const ROWS: readonly Row[] = [
  // Wrong types.
  { what: 'ctx as a string', body: taskBody({ ctx: '512' }), names: ['body.ctx'] },
  { what: 'max_tokens as a fraction', body: taskBody({ max_tokens: 1.5 }), names: ['body.max_tokens'] },
  { what: 'deadline_ms as null', body: taskBody({ deadline_ms: null }), names: ['body.deadline_ms'] },
  { what: 'seed as a string', body: taskBody({ seed: '42' }), names: ['body.seed'] },
  { what: 'seed below zero', body: taskBody({ seed: -1 }), names: ['body.seed'] },
  { what: 'model_ref as a number', body: taskBody({ model_ref: 7 }), names: ['body.model_ref'] },
  { what: 'prompt as an object', body: taskBody({ prompt: { text: 'hi' } }), names: ['body.prompt'] },
  {
    what: 'inputs holding a number',
    body: { ...without('prompt'), inputs: ['a', 2] },
    names: ['body.inputs'],
  },
  { what: 'the body as an array', body: [taskBody()], names: ['body must be a JSON object'] },
  // Unknown enum values.
  { what: 'priority urgent', body: taskBody({ priority: 'urgent' }), names: ['body.priority'] },
  { what: 'engine ollama', body: taskBody({ engine: 'ollama' }), names: ['body.engine'] },
  { what: 'workload chat with a prompt', body: taskBody({ workload: 'chat' }), names: ['body.messages'] },
  { what: 'determinism exact', body: taskBody({ determinism: 'exact' }), names: ['body.determinism'] },
  { what: 'kv_hint warm', body: taskBody({ kv_hint: 'warm' }), names: ['body.kv_hint'] },
  // Malformed UUIDs.
  { what: 'task_id not a uuid', body: taskBody({ task_id: 'task-1' }), names: ['body.task_id'] },
  {
    what: 'session_id one digit short',
    body: taskBody({ session_id: randomUUID().slice(0, -1) }),
    names: ['body.session_id'],
  },
  { what: 'task_id in braces', body: taskBody({ task_id: `{${randomUUID()}}` }), names: ['body.task_id'] },
  // Unknown fields.
  { what: 'a tenant field', body: taskBody({ tenant: 'acme' }), names: ['body.tenant'] },
  { what: 'a loose sampler knob', body: taskBody({ top_k: 5 }), names: ['body.top_k'] },
  // Missing required field.
  { what: 'no session_id', body: without('session_id'), names: ['body.session_id'] },
  // Neither or both of prompt and inputs.
  { what: 'neither prompt nor inputs', body: without('prompt'), names: ['body.prompt', 'body.inputs'] },
  {
    what: 'both prompt and inputs',
    body: taskBody({ inputs: ['x'] }),
    names: ['body.prompt', 'body.inputs'],
  },
];

async function post(body: unknown) {
  return built.app.inject({
    method: 'POST',
    url: '/v1/tasks',
    headers: { ...auth, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
}

describe('TaskRequest validation', () => {
  it.each(ROWS)('refuses $what with 400 INVALID_PARAMS naming the field [ORCHD-001]', async (row) => {
    const res = await post(row.body);
    expect(res.statusCode).toBe(400);
    const envelope = res.json<{ code: string; message: string; retriable: boolean }>();
    expect(envelope).toMatchObject({ code: 'INVALID_PARAMS', retriable: false });
    for (const name of row.names) expect(envelope.message).toContain(name);
  });

  it('checks the body before placement, idempotency, sessions, queues and the engine [ORCHD-001]', async () => {
    const metrics = async () =>
      (await built.app.inject({ method: 'GET', url: '/metrics', headers: auth })).body;
    const before = await metrics();
    const enginesCalls = adapter.stats().requestsTotal;
    const taskId = randomUUID();
    const sessionId = randomUUID();
    // Each body is broken in one field *and* would fail a later stage if validation came later:
    // a model no pool serves (placement), a ctx above the model's limit (guardrails).
    for (const body of [
      taskBody({ task_id: taskId, session_id: sessionId, model_ref: 'no-such-model', priority: 'urgent' }),
      taskBody({ task_id: taskId, session_id: sessionId, ctx: 10_000_000, extra: true }),
    ]) {
      const res = await post(body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'INVALID_PARAMS' });
    }
    // A refused body left nothing behind: the same ids are free for a valid submission.
    expect(built.dataPlane.session(sessionId)).toBeUndefined();
    expect(built.dataPlane.transcript(taskId)).toBeUndefined();
    expect(adapter.stats().requestsTotal).toBe(enginesCalls);
    const after = await metrics();
    expect(valueOf(after, 'tasks_enqueued_total') ?? 0).toBe(valueOf(before, 'tasks_enqueued_total') ?? 0);
    expect(valueOf(after, 'tasks_rejected_total', { reason: 'INVALID_PARAMS' })).toBe(
      (valueOf(before, 'tasks_rejected_total', { reason: 'INVALID_PARAMS' }) ?? 0) + 2,
    );
    const valid = await post(taskBody({ task_id: taskId, session_id: sessionId }));
    expect(valid.statusCode).toBe(202);
  });
});
