// Named agent clients on the real product [OC-001, CFG-030, ORCHD-083..ORCHD-096, MET-028]:
// three agents, each with its own key in a 0600 file, against the product as
// `npm start` runs it (real llama-server, generated models). Two of them reach
// it through the official SDKs (aider through `openai`, claude through
// `@anthropic-ai/sdk`) and are told apart in GET /v1/clients and in the
// daemon's log lines; each limit answers as configured: the models allow-list
// with 403, max_priority by lowering (with a header) or refusing, max_concurrent
// and tokens_per_minute with 429, a policy_label naming the limit and Retry-After.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIGRAM_SENTENCE } from '@llama-orch/engine-provision';
import type { ClientUsage } from '@llama-orch/contracts';
import { completionTask, counterSum, publicApi } from '@llama-orch/haiku-e2e';
import { REQUIRED, SKIPPED, startClientsProduct, type ClientsProduct } from '../src/clients-product.js';
import { retryAfterSeconds, type Call } from '../src/http.js';
import { taskLines } from '../src/task-log.js';

let run: ClientsProduct;
let startFailure: unknown;

beforeAll(async () => {
  if (!REQUIRED) return;
  try {
    run = await startClientsProduct({
      clients: [
        { name: 'aider', models: ['tiny-bigram'], max_priority: 'batch', above_max_priority: 'lower' },
        { name: 'claude', max_concurrent: 1, max_queued: 1 },
        { name: 'batcher', max_priority: 'batch', above_max_priority: 'refuse', tokens_per_minute: 300 },
      ],
    });
  } catch (error) {
    // Every test then fails with this reason instead of the file failing once.
    startFailure = error;
  }
}, 900_000);
beforeEach(() => {
  if (startFailure !== undefined) throw startFailure;
});
afterAll(async () => {
  await run?.stop();
});

const openaiAs = (name: string) =>
  new OpenAI({ baseURL: run.v1, apiKey: run.keys.token(name), maxRetries: 0 });
const anthropicAs = (name: string) =>
  new Anthropic({ baseURL: run.url, apiKey: run.keys.token(name), maxRetries: 0 });

/** A short native task on tiny-bigram (the golden sentence). */
const shortTask = (priority: 'interactive' | 'batch' = 'interactive') =>
  completionTask({ model_ref: 'tiny-bigram', ctx: 512, prompt: 'Hi.', max_tokens: 8, priority });

/** A native task on tiny-random that runs for about a second (the one slot is held meanwhile). */
const longTask = (priority: 'interactive' | 'batch' = 'batch') =>
  completionTask({ model_ref: 'tiny-random', ctx: 8192, prompt: 'Go on.', max_tokens: 2_000, priority });

/** Reads a client's task stream to its end; returns the terminal frame's event. */
const finish = async (name: string, taskId: string): Promise<string | undefined> =>
  (await framesOf(name, taskId)).at(-1)?.event;
const framesOf = (name: string, taskId: string) => publicApi(run.url, run.keys.token(name)).stream(taskId);

/** A submission's status; the body rides along in the failure message. */
async function statusOf(call: Call, task: Record<string, unknown>): Promise<number> {
  const answer = await call('POST', '/v1/tasks', task);
  if (answer.status !== 202 && answer.status !== 403 && answer.status !== 429)
    console.error(`POST /v1/tasks answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.status;
}

/** GET /v1/clients as the owner sees it, by client name. */
async function clientRows(): Promise<Map<string, ClientUsage>> {
  const answer = await run.as('owner')('GET', '/v1/clients');
  expect(answer.status).toBe(200);
  return new Map((answer.body['clients'] as ClientUsage[]).map((c) => [c.name, c]));
}

describe.skipIf(!REQUIRED)(`two clients' keys on real engines${REQUIRED ? '' : ` (${SKIPPED})`}`, () => {
  it('aider (openai SDK) and claude (Anthropic SDK) each get the golden reply with their own key [ORCHD-083]', async () => {
    const chat = await openaiAs('aider').chat.completions.create({
      model: 'tiny-bigram',
      messages: [{ role: 'user', content: 'Say something.' }],
    });
    expect(chat.choices[0]?.message.content).toBe(BIGRAM_SENTENCE);
    const message = await anthropicAs('claude').messages.create({
      model: 'tiny-bigram',
      max_tokens: 1_024,
      messages: [{ role: 'user', content: 'Say something.' }],
    });
    expect(message.content[0]?.type === 'text' ? message.content[0].text : '').toBe(BIGRAM_SENTENCE);
  });

  it('GET /v1/clients (owner) tells them apart: each with its own tasks and tokens [ORCHD-096]', async () => {
    const rows = await clientRows();
    expect([...rows.keys()]).toEqual(['aider', 'claude', 'batcher', 'owner']);
    for (const name of ['aider', 'claude']) {
      expect(rows.get(name)?.usage.completed, name).toBeGreaterThanOrEqual(1);
      expect(rows.get(name)?.usage.tokens_out, name).toBeGreaterThan(0);
    }
    expect(rows.get('batcher')?.usage.admitted).toBe(0);
    expect(rows.get('claude')?.limits.max_concurrent).toBe(1);
  });

  it('the daemon log names the client on each task line, and no key ever reaches it [MET-028, ORCHD-095]', async () => {
    // The daemon writes its log in batches (ORCHD-100): the last task's line may take up to 100 ms.
    const endedBy = (name: string) =>
      taskLines(run.product.output).filter((l) => l.msg === 'task ended' && l.client === name);
    for (const deadline = Date.now() + 5_000; Date.now() < deadline;) {
      if (endedBy('aider').length > 0 && endedBy('claude').length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const ended = taskLines(run.product.output).filter((l) => l.msg === 'task ended');
    expect(ended.filter((l) => l.client === 'aider').length).toBeGreaterThanOrEqual(1);
    expect(ended.filter((l) => l.client === 'claude').length).toBeGreaterThanOrEqual(1);
    const everything = run.product.output.join('\n');
    for (const name of ['aider', 'claude', 'batcher']) expect(everything).not.toContain(run.keys.token(name));
  });

  it('a client key on an owner-only route is a 403 naming the owner token; a wrong key is refused [ORCHD-084, ORCHD-083]', async () => {
    for (const path of ['/metrics', '/v1/clients']) {
      const answer = await run.as('claude')('GET', path);
      expect(answer.status, path).toBe(403);
      expect(answer.body['policy_label'], path).toBe('owner_only');
      expect(String(answer.body['message']), path).toMatch(/owner token/);
    }
    const wrong = new OpenAI({ baseURL: run.v1, apiKey: 'not-a-client-key', maxRetries: 0 });
    expect(await wrong.models.list().catch((e: unknown) => e)).toBeInstanceOf(OpenAI.PermissionDeniedError);
  });
});

describe.skipIf(!REQUIRED)('each limit on real engines', () => {
  it('models: a model outside the allow-list is a 403 naming the model and the client; the list shows its own [ORCHD-085]', async () => {
    const aider = openaiAs('aider');
    const error = await aider.chat.completions
      .create({ model: 'tiny-random', messages: [{ role: 'user', content: 'Hi.' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const { message } = error as InstanceType<typeof OpenAI.PermissionDeniedError>;
    expect(message).toContain('tiny-random');
    expect(message).toContain('aider');
    const native = await run.as('aider')('POST', '/v1/tasks', longTask());
    expect(native.status).toBe(403);
    expect(String(native.body['message'])).toContain('tiny-random');
    const ids: string[] = [];
    for await (const model of aider.models.list()) ids.push(model.id);
    expect(ids).toEqual(['tiny-bigram']);
  });

  it('max_priority lower: an interactive task is admitted as batch and the answer says so [ORCHD-085, ORCHD-095]', async () => {
    const task = shortTask();
    const answer = await run.as('aider')('POST', '/v1/tasks', task);
    expect(answer.status).toBe(202);
    expect(answer.headers.get('x-llorch-priority-lowered')).toBe('interactive->batch');
    const frames = await framesOf('aider', String(task['task_id']));
    // The transcript says whose work it was.
    expect(frames[0]?.event).toBe('started');
    expect(frames[0]?.data['client']).toBe('aider');
    expect(frames.at(-1)?.event).toBe('end');
  });

  it('max_priority refuse: an interactive task is a 403 with policy_label max_priority; batch is admitted [ORCHD-085]', async () => {
    const refused = await run.as('batcher')('POST', '/v1/tasks', shortTask());
    expect(refused.status).toBe(403);
    expect(refused.body['policy_label']).toBe('max_priority');
    const batch = shortTask('batch');
    expect(await statusOf(run.as('batcher'), batch)).toBe(202);
    expect(await finish('batcher', String(batch['task_id']))).toBe('end');
  });

  it('max_concurrent 1 + max_queued 1: a third task is a 429 with policy_label and Retry-After, native and Anthropic [ORCHD-090, ORCHD-092]', async () => {
    const call = run.as('claude');
    const first = longTask();
    const second = longTask();
    expect(await statusOf(call, first)).toBe(202);
    expect(await statusOf(call, second)).toBe(202);
    const third = await call('POST', '/v1/tasks', longTask());
    expect(third.status).toBe(429);
    expect(third.body['code']).toBe('ADMISSION_REJECT');
    expect(third.body['policy_label']).toBe('max_concurrent');
    expect(retryAfterSeconds(third)).toBeGreaterThanOrEqual(1);
    const sdk = await anthropicAs('claude')
      .messages.create({ model: 'tiny-bigram', max_tokens: 64, messages: [{ role: 'user', content: 'Hi.' }] })
      .catch((e: unknown) => e);
    expect(sdk).toBeInstanceOf(Anthropic.RateLimitError);
    const headers = (sdk as InstanceType<typeof Anthropic.RateLimitError>).headers;
    expect(Number(headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // The owner has no limits: it is admitted while claude is at its own.
    const owner = shortTask();
    expect((await run.owner.submit(owner)).status).toBe(202);
    expect(await finish('claude', String(first['task_id']))).toBe('end');
    expect(await finish('claude', String(second['task_id']))).toBe('end');
    expect((await run.owner.stream(String(owner['task_id']))).at(-1)?.event).toBe('end');
    const after = shortTask();
    expect(await statusOf(call, after)).toBe(202);
    expect(await finish('claude', String(after['task_id']))).toBe('end');
  });

  it('tokens_per_minute: past its 300 tokens a minute the next request is a 429 with a Retry-After within the minute [ORCHD-091, ORCHD-092]', async () => {
    const call = run.as('batcher');
    const spend = completionTask({
      model_ref: 'tiny-random',
      ctx: 1024,
      prompt: 'Go on.',
      max_tokens: 400,
      priority: 'batch',
    });
    expect(await statusOf(call, spend)).toBe(202);
    expect(await finish('batcher', String(spend['task_id']))).toBe('end');
    const over = await call('POST', '/v1/tasks', shortTask('batch'));
    expect(over.status).toBe(429);
    expect(over.body['policy_label']).toBe('tokens_per_minute');
    const wait = retryAfterSeconds(over);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    // Another client's budget is its own.
    const aider = shortTask('batch');
    expect(await statusOf(run.as('aider'), aider)).toBe(202);
    expect(await finish('aider', String(aider['task_id']))).toBe('end');
  });

  it('GET /v1/clients and the client series count each refusal under the client and the limit that refused it [ORCHD-096, MET-041, MET-042]', async () => {
    const rows = await clientRows();
    // The native 429 and the Anthropic SDK's.
    expect(rows.get('claude')?.usage.refused.max_concurrent).toBeGreaterThanOrEqual(2);
    expect(rows.get('batcher')?.usage.refused.tokens_per_minute).toBeGreaterThanOrEqual(1);
    expect(rows.get('batcher')?.now.tokens_last_minute).toBeGreaterThanOrEqual(300);
    // Its two 403s for a model outside its list (chat and native), counted under models.
    expect(rows.get('aider')?.usage.refused).toEqual({
      max_concurrent: 0,
      tokens_per_minute: 0,
      max_priority: 0,
      models: 2,
    });
    expect(rows.get('batcher')?.usage.refused.max_priority).toBeGreaterThanOrEqual(1);
    const metrics = await run.owner.metrics();
    const sum = (name: string, labels: Record<string, string>) => counterSum(metrics, name, labels);
    expect(
      sum('client_refusals_total', { client: 'claude', limit: 'max_concurrent' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sum('client_refusals_total', { client: 'batcher', limit: 'tokens_per_minute' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sum('client_tasks_total', { client: 'aider', task_outcome: 'completed' })).toBeGreaterThanOrEqual(
      3,
    );
    expect(sum('client_tokens_total', { client: 'batcher', direction: 'out' })).toBeGreaterThan(100);
    // Every configured client and the owner have their series, even at zero.
    for (const client of ['aider', 'claude', 'batcher', 'owner'])
      expect(metrics, client).toMatch(new RegExp(`^client_tasks_queued\\{[^}]*client="${client}"`, 'm'));
  });
});
