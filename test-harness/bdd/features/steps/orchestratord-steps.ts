// Steps for features/orchestratord-data-plane.feature (ORCHD-002..ORCHD-029,
// OC-005, OC-009, OC-011, OC-020, OC-022). Everything goes over HTTP to the
// real daemon started by orchestratord-world.ts.
import assert from 'node:assert/strict';
import { After, Given, Then, When } from '@cucumber/cucumber';
import { ERROR_CODES } from '@llama-orch/contracts';
import { http, newTask, stream, TOKEN, type Frame, type HttpResult } from './orchestratord-world.js';

interface Journey {
  task?: Record<string, unknown>;
  answer?: HttpResult;
  cancel?: HttpResult;
  frames?: Frame[];
  sessionId?: string;
  /** Tasks to cancel after the scenario so the shared daemon is left idle. */
  cleanup: string[];
}

const journeys = new WeakMap<object, Journey>();
const journey = (world: object): Journey => {
  let state = journeys.get(world);
  if (state === undefined) journeys.set(world, (state = { cleanup: [] }));
  return state;
};
const LONG = { max_tokens: 2000, ctx: 2048, prompt: 'hello' };

After({ timeout: 20_000 }, async function (this: object) {
  const state = journeys.get(this);
  for (const id of state?.cleanup ?? []) await http('POST', `/v1/tasks/${id}/cancel`);
});

async function startLongTask(world: object, model: string): Promise<string> {
  const task = newTask({ model_ref: model, ...LONG });
  const answer = await http('POST', '/v1/tasks', { body: task });
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
  journey(world).cleanup.push(String(task.task_id));
  return String(task.task_id);
}

Given('a completion task for model {string}', function (this: object, model: string) {
  journey(this).task = newTask({ model_ref: model, ...(model === 'tiny-random' ? { ctx: 2048 } : {}) });
});

Given('a long completion task for model {string}', function (this: object, model: string) {
  journey(this).task = newTask({ model_ref: model, ...LONG });
});

Given(
  'a long task for model {string} is already running',
  { timeout: 20_000 },
  async function (this: object, model: string) {
    const id = await startLongTask(this, model);
    // Running means the engine streams: wait for its first token (the reader goes on until cleanup cancels).
    await new Promise<void>((resolve, reject) => {
      stream(id, (frame) => {
        if (frame.event === 'token') resolve();
      }).catch(reject);
    });
  },
);

Given(
  'another task for model {string} is waiting in its queue',
  async function (this: object, model: string) {
    await startLongTask(this, model);
  },
);

Given(
  'a session that completed one task on model {string}',
  { timeout: 20_000 },
  async function (this: object, model: string) {
    const task = newTask({ model_ref: model });
    journey(this).sessionId = String(task.session_id);
    assert.equal((await http('POST', '/v1/tasks', { body: task })).status, 202);
    const frames = await stream(String(task.task_id));
    assert.equal(frames.at(-1)?.event, 'end');
  },
);

When('I submit the task', { timeout: 120_000 }, async function (this: object) {
  const state = journey(this);
  assert.ok(state.task);
  state.answer = await http('POST', '/v1/tasks', { body: state.task });
  if (state.answer.status === 202) state.cleanup.push(String(state.task.task_id));
});

When('I submit a completion task for model {string}', async function (this: object, model: string) {
  journey(this).answer = await http('POST', '/v1/tasks', { body: newTask({ model_ref: model, ...LONG }) });
});

When("I read the task's stream", { timeout: 20_000 }, async function (this: object) {
  const state = journey(this);
  state.frames = await stream(String(state.task?.task_id));
});

When(
  'I cancel the task once {int} tokens have streamed',
  { timeout: 20_000 },
  async function (this: object, count: number) {
    const state = journey(this);
    const id = String(state.task?.task_id);
    let cancel: Promise<HttpResult> | undefined;
    state.frames = await stream(id, (_frame, frames) => {
      if (cancel === undefined && frames.filter((f) => f.event === 'token').length >= count) {
        cancel = http('POST', `/v1/tasks/${id}/cancel`);
      }
    });
    assert.ok(cancel, `the stream ended before ${count} tokens`);
    state.cancel = await cancel;
  },
);

When('I cancel the task', async function (this: object) {
  const state = journey(this);
  state.cancel = await http('POST', `/v1/tasks/${String(state.task?.task_id)}/cancel`);
});

When('I inspect the session', async function (this: object) {
  const state = journey(this);
  state.answer = await http('GET', `/v1/sessions/${String(state.sessionId)}`);
});

When('I delete the session', async function (this: object) {
  const state = journey(this);
  state.answer = await http('DELETE', `/v1/sessions/${String(state.sessionId)}`);
});

const REQUESTS: Record<string, () => Promise<HttpResult>> = {
  'a task for an unknown model': () =>
    http('POST', '/v1/tasks', { body: newTask({ model_ref: 'no-such-model' }) }),
  'a task with an unknown field': () => http('POST', '/v1/tasks', { body: { ...newTask(), top_k: 2 } }),
  'a task whose prompt and max_tokens exceed ctx': () =>
    http('POST', '/v1/tasks', {
      body: newTask({
        ctx: 64,
        max_tokens: 60,
        prompt: 'the quick brown fox jumps over a lazy dog. '.repeat(3),
      }),
    }),
  'a stream request for an unknown task': () =>
    http('GET', '/v1/tasks/3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11/stream'),
  'a request without a token': () => http('GET', '/readyz', { headers: { authorization: '' } }),
  'a request with a wrong token': () =>
    http('GET', '/readyz', { headers: { authorization: `Bearer ${TOKEN}-not` } }),
};

When(/^I send (.+)$/, async function (this: object, request: string) {
  const send = REQUESTS[request];
  assert.ok(send, `no request named "${request}"`);
  journey(this).answer = await send();
});

When('I submit a task with correlation id {string}', async function (this: object, id: string) {
  journey(this).answer = await http('POST', '/v1/tasks', {
    body: newTask({ max_tokens: 1 }),
    headers: { 'x-correlation-id': id },
  });
});

When('I submit a task without a correlation id', async function (this: object) {
  journey(this).answer = await http('POST', '/v1/tasks', { body: newTask({ max_tokens: 1 }) });
});

Then('the admission answer is 202 with a queue position and a predicted start', function (this: object) {
  const { answer } = journey(this);
  assert.equal(answer?.status, 202, JSON.stringify(answer?.body));
  assert.equal(typeof answer.body.queue_position, 'number');
  assert.equal(typeof answer.body.predicted_start_ms, 'number');
  assert.equal(answer.body.backoff_ms, 0);
});

Then('the admission answer is 202 with queue position {int}', function (this: object, position: number) {
  const { answer } = journey(this);
  assert.equal(answer?.status, 202, JSON.stringify(answer?.body));
  assert.equal(answer.body.queue_position, position);
});

Then('the stream starts with a {string} frame', function (this: object, event: string) {
  assert.equal(journey(this).frames?.[0]?.event, event);
});

Then('the token frames are numbered from 0 without gaps', function (this: object) {
  const tokens = (journey(this).frames ?? []).filter((f) => f.event === 'token');
  assert.ok(tokens.length > 0);
  assert.deepEqual(
    tokens.map((f) => f.data.i),
    tokens.map((_, i) => i),
  );
});

Then(
  'the stream ends with exactly one {string} frame that counts every token',
  function (this: object, event: string) {
    const frames = journey(this).frames ?? [];
    assert.deepEqual(
      frames.filter((f) => f.event === 'end' || f.event === 'error').map((f) => f.event),
      [event],
    );
    assert.equal(frames.at(-1)?.event, event);
    assert.equal(frames.at(-1)?.data.tokens_out, frames.filter((f) => f.event === 'token').length);
  },
);

Then('the tokens spell {string}', function (this: object, text: string) {
  const tokens = (journey(this).frames ?? []).filter((f) => f.event === 'token');
  assert.equal(tokens.map((f) => String(f.data.t)).join(''), text);
});

Then('the frame ids rise by one from 0', function (this: object) {
  const frames = journey(this).frames ?? [];
  assert.deepEqual(
    frames.map((f) => Number(f.id)),
    frames.map((_, i) => i),
  );
});

Then('the cancel is answered 204', function (this: object) {
  assert.equal(journey(this).cancel?.status, 204);
});

Then('the stream ends with an {string} frame marked canceled', function (this: object, event: string) {
  const last = journey(this).frames?.at(-1);
  assert.equal(last?.event, event);
  assert.equal(last.data.canceled, true);
});

Then('no token frame follows the end frame', function (this: object) {
  const frames = journey(this).frames ?? [];
  const end = frames.findIndex((f) => f.event === 'end');
  assert.equal(end, frames.length - 1);
  assert.equal(frames[end]?.data.tokens_out, frames.filter((f) => f.event === 'token').length);
});

Then("the task's stream holds no token frame and ends canceled", async function (this: object) {
  const frames = await stream(String(journey(this).task?.task_id));
  assert.deepEqual(
    frames.filter((f) => f.event === 'token'),
    [],
  );
  assert.equal(frames.at(-1)?.data.canceled, true);
});

Then(
  'the answer is {int} with code {string} and policy {string}',
  function (this: object, status: number, code: string, policy: string) {
    const { answer } = journey(this);
    assert.equal(answer?.status, status, JSON.stringify(answer?.body));
    assert.equal(answer.body.code, code);
    assert.equal(answer.body.policy_label, policy);
    assert.equal(answer.body.retriable, true);
  },
);

Then('Retry-After and X-Backoff-Ms agree with retry_after_ms', function (this: object) {
  const { answer } = journey(this);
  const ms = Number(answer?.body.retry_after_ms);
  assert.ok(ms > 0);
  assert.equal(answer?.headers.get('x-backoff-ms'), String(ms));
  assert.equal(answer?.headers.get('retry-after'), String(Math.ceil(ms / 1000)));
});

Then('the session reports {int} turn and warm KV', function (this: object, turns: number) {
  const { answer } = journey(this);
  assert.equal(answer?.status, 200);
  assert.equal(answer.body.turns, turns);
  assert.equal(answer.body.kv_warmth, true);
});

Then('the delete is answered 204 without a correlation id', function (this: object) {
  const { answer } = journey(this);
  assert.equal(answer?.status, 204);
  assert.equal(answer.headers.get('x-correlation-id'), null);
});

Then(
  'inspecting the session answers {int} with code {string}',
  async function (this: object, status: number, code: string) {
    const res = await http('GET', `/v1/sessions/${String(journey(this).sessionId)}`);
    assert.equal(res.status, status);
    assert.equal(res.body.code, code);
  },
);

Then('the answer is {int} with code {string}', function (this: object, status: number, code: string) {
  const { answer } = journey(this);
  assert.equal(answer?.status, status, JSON.stringify(answer?.body));
  assert.equal(answer.body.code, code);
  assert.ok((ERROR_CODES as readonly unknown[]).includes(answer.body.code));
  assert.equal(typeof answer.body.message, 'string');
  assert.ok(answer.headers.get('x-correlation-id'));
});

Then('the answer carries correlation id {string}', function (this: object, id: string) {
  assert.equal(journey(this).answer?.headers.get('x-correlation-id'), id);
});

Then('the answer carries a generated correlation id', function (this: object) {
  assert.match(journey(this).answer?.headers.get('x-correlation-id') ?? '', /^[0-9a-f-]{36}$/);
});
