// ORCHD-083..ORCHD-085, CFG-030, CFG-031: each agent client has its own key. The product runs as
// `npm start --config FILE` does, with four clients beside the owner's token, in front of a
// llama.cpp simulator serving `golden`. Each key works on the native and the agents' endpoints
// (through the official SDKs); a client's key cannot reach the control plane; `models` limits what
// a client may name (403 in each protocol's shape) and what it is shown; `max_priority` lowers a
// request (and says so in a header) or refuses it, as configured.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './support/client.js';
import { TOKEN, taskBody } from './support/harness.js';
import { valueOf } from './support/metrics-scrape.js';
import { startProductOnSimulator, type ProductOnSimulator } from './support/product-on-simulator.js';

const KEYS = {
  aider: 'aider-key-0c9d8e7f6a5b4c3d',
  nightly: 'nightly-key-1a2b3c4d5e6f7a8b',
  strict: 'strict-key-9f8e7d6c5b4a3f2e',
  narrow: 'narrow-key-5e4d3c2b1a0f9e8d',
};
const hi = [{ role: 'user' as const, content: 'hi' }];

let running: ProductOnSimulator | undefined;
let url: string;

const as = (key: string) => ({ authorization: `Bearer ${key}` });
const golden = (overrides: Record<string, unknown> = {}) =>
  taskBody({ model_ref: 'golden', ctx: 2048, max_tokens: 4, ...overrides });
const openAi = (key: string) => new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
const anthropic = (key: string) => new Anthropic({ baseURL: url, apiKey: key, maxRetries: 0 });

async function secretFile(dir: string, name: string, token: string): Promise<string> {
  const file = join(dir, `${name}.token`);
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return file;
}

beforeAll(async () => {
  running = await startProductOnSimulator('client-keys', {
    env: { LLORCH_TOKEN_NIGHTLY: KEYS.nightly },
    config: async (dir) => ({
      clients: [
        { name: 'aider', token_file: await secretFile(dir, 'aider', KEYS.aider) },
        { name: 'nightly', token_env: 'LLORCH_TOKEN_NIGHTLY', max_priority: 'batch', models: ['golden'] },
        {
          name: 'strict',
          token_file: await secretFile(dir, 'strict', KEYS.strict),
          max_priority: 'batch',
          above_max_priority: 'refuse',
        },
        { name: 'narrow', token_file: await secretFile(dir, 'narrow', KEYS.narrow), models: ['other-model'] },
      ],
    }),
  });
  url = running.product.url;
}, 90_000);
afterAll(async () => running?.stop());

describe('each client’s key [ORCHD-083]', () => {
  it('works on POST /v1/tasks, and the task is logged under the client’s name', async () => {
    for (const name of ['aider', 'nightly'] as const) {
      const res = await call(url, 'POST', '/v1/tasks', golden({ priority: 'batch' }), as(KEYS[name]));
      expect(res.status).toBe(202);
      const taskId = String(res.body.task_id);
      await expect
        .poll(() =>
          running?.product.stdout.some((l) => l.includes(taskId) && l.includes(`"client":"${name}"`)),
        )
        .toBe(true);
    }
  });

  it('works with the OpenAI and the Anthropic SDKs', async () => {
    for (const key of [KEYS.aider, KEYS.nightly]) {
      const chat = await openAi(key).chat.completions.create({
        model: 'golden',
        max_tokens: 4,
        messages: hi,
      });
      expect(chat.choices[0]?.message.content?.length).toBeGreaterThan(0);
      const message = await anthropic(key).messages.create({ model: 'golden', max_tokens: 4, messages: hi });
      expect(message.content[0]?.type).toBe('text');
    }
  });

  it('a key nobody holds is refused with 403, on every protocol', async () => {
    expect((await call(url, 'POST', '/v1/tasks', golden(), as('nobody-holds-this-key'))).status).toBe(403);
    const chat = await openAi('nobody-holds-this-key')
      .chat.completions.create({ model: 'golden', max_tokens: 4, messages: hi })
      .catch((e: unknown) => e);
    expect(chat).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const message = await anthropic('nobody-holds-this-key')
      .messages.create({ model: 'golden', max_tokens: 4, messages: hi })
      .catch((e: unknown) => e);
    expect(message).toBeInstanceOf(Anthropic.PermissionDeniedError);
  });
  it('is never sent on by the mediated fetch, like the owner’s', async () => {
    const res = await call(
      url,
      'POST',
      '/v1/tools/fetch',
      { url: 'https://example.com/', headers: { 'x-key': KEYS.aider } },
      as(KEYS.aider),
    );
    expect(res.status).toBe(400);
    expect(String(res.body.message)).toContain('body.headers.x-key contains the llama-orch API token');
  });
});

describe('owner-only routes [ORCHD-084]', () => {
  const controlRoutes: [method: 'GET' | 'POST', path: string][] = [
    ['POST', '/v1/catalog/models'],
    ['GET', '/v1/catalog/models/golden'],
    ['POST', '/v1/pools/sim/drain'],
    ['POST', '/v1/pools/sim/reload'],
    ['POST', '/v1/artifacts'],
    ['GET', '/metrics'],
    ['GET', '/v1/clients'],
  ];

  it('answer a client’s key with 403 saying an owner token is required', async () => {
    for (const [method, path] of controlRoutes) {
      const res = await call(url, method, path, method === 'POST' ? {} : undefined, as(KEYS.aider));
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body).toMatchObject({ code: 'POLICY_DENIED', policy_label: 'owner_only' });
      expect(String(res.body.message)).toMatch(/owner token.*client "aider"/);
    }
  });

  it('still let the owner in', async () => {
    expect((await call(url, 'POST', '/v1/catalog/models', {})).status).toBe(400);
    const metrics = await request(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await metrics.body.dump();
    expect(metrics.statusCode).toBe(200);
  });

  it('leave the data plane’s reads open to clients', async () => {
    for (const path of ['/v1/capabilities', '/v1/replicasets', '/v1/pools/sim/health', '/readyz']) {
      expect((await call(url, 'GET', path, undefined, as(KEYS.aider))).status, path).toBe(200);
    }
  });
});

describe('models allow-list [ORCHD-085]', () => {
  it('refuses a model outside the list, naming the model and the client', async () => {
    const res = await call(url, 'POST', '/v1/tasks', golden(), as(KEYS.narrow));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'POLICY_DENIED', policy_label: 'models' });
    expect(String(res.body.message)).toMatch(/golden.*client "narrow"/);
  });

  it('answers in OpenAI’s and Anthropic’s shape on the agents’ endpoints', async () => {
    const chat = await openAi(KEYS.narrow)
      .chat.completions.create({ model: 'golden', max_tokens: 4, messages: hi })
      .catch((e: unknown) => e);
    expect(chat).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((chat as InstanceType<typeof OpenAI.APIError>).code).toBe('policy_denied');
    expect((chat as Error).message).toMatch(/golden.*client "narrow"/);
    const message = await anthropic(KEYS.narrow)
      .messages.create({ model: 'golden', max_tokens: 4, messages: hi })
      .catch((e: unknown) => e);
    expect(message).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((message as Error).message).toMatch(/golden.*client "narrow"/);
  });

  it('lists only the client’s models on /v1/models and /v1/capabilities', async () => {
    const ids = async (key: string) => (await openAi(key).models.list()).data.map((m) => m.id);
    expect(await ids(KEYS.narrow)).toEqual([]);
    expect(await ids(KEYS.nightly)).toEqual(['golden']);
    expect(await ids(TOKEN)).toEqual(['golden']);
    const caps = await call(url, 'GET', '/v1/capabilities', undefined, as(KEYS.narrow));
    expect(caps.body.servable_models).toEqual([]);
    expect(JSON.stringify(caps.body.engines)).not.toContain('golden');
  });
});

describe('max_priority [ORCHD-085]', () => {
  it('lowers a request above it, says so in a header, and queues it at the lowered priority', async () => {
    const before = await scrapeBatch();
    const res = await call(url, 'POST', '/v1/tasks', golden({ priority: 'interactive' }), as(KEYS.nightly));
    expect(res.status).toBe(202);
    expect(res.headers['x-llorch-priority-lowered']).toBe('interactive->batch');
    expect(await scrapeBatch()).toBe(before + 1);
    const same = await call(url, 'POST', '/v1/tasks', golden({ priority: 'batch' }), as(KEYS.nightly));
    expect(same.headers['x-llorch-priority-lowered']).toBeUndefined();
  });

  it('says so on the agents’ endpoints too', async () => {
    const { response } = await openAi(KEYS.nightly)
      .chat.completions.create(
        { model: 'golden', max_tokens: 4, messages: hi },
        { headers: { 'X-Llorch-Priority': 'interactive' } },
      )
      .withResponse();
    expect(response.headers.get('x-llorch-priority-lowered')).toBe('interactive->batch');
  });

  it('refuses it with 403 when the client is configured to refuse', async () => {
    const res = await call(url, 'POST', '/v1/tasks', golden({ priority: 'interactive' }), as(KEYS.strict));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'POLICY_DENIED', policy_label: 'max_priority' });
    expect(String(res.body.message)).toMatch(/client "strict".*batch/);
    const chat = await openAi(KEYS.strict)
      .chat.completions.create({ model: 'golden', max_tokens: 4, messages: hi })
      .catch((e: unknown) => e);
    expect(chat).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(
      (await call(url, 'POST', '/v1/tasks', golden({ priority: 'batch' }), as(KEYS.strict))).status,
    ).toBe(202);
  });
});

describe('refusals by these limits are counted [MET-042, ORCHD-096]', () => {
  it('adds each 403 to client_refusals_total and to GET /v1/clients under the limit that refused it', async () => {
    const refusals = async (client: string, limit: string) => {
      const res = await request(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      return valueOf(await res.body.text(), 'client_refusals_total', { client, limit }) ?? 0;
    };
    const before = {
      models: await refusals('narrow', 'models'),
      max: await refusals('strict', 'max_priority'),
    };
    expect((await call(url, 'POST', '/v1/tasks', golden(), as(KEYS.narrow))).status).toBe(403);
    const counted = await anthropic(KEYS.narrow)
      .messages.countTokens({ model: 'golden', messages: hi })
      .catch((e: unknown) => e);
    expect(counted).toBeInstanceOf(Anthropic.PermissionDeniedError);
    const high = golden({ priority: 'interactive' });
    expect((await call(url, 'POST', '/v1/tasks', high, as(KEYS.strict))).status).toBe(403);
    expect(await refusals('narrow', 'models')).toBe(before.models + 2);
    expect(await refusals('strict', 'max_priority')).toBe(before.max + 1);
    const clients = await call(url, 'GET', '/v1/clients');
    const usage = (name: string) =>
      (clients.body.clients as { name: string; usage: { refused: Record<string, number> } }[]).find(
        (c) => c.name === name,
      )?.usage.refused;
    expect(usage('narrow')).toMatchObject({ models: before.models + 2, max_priority: 0 });
    expect(usage('strict')).toMatchObject({ max_priority: before.max + 1, models: 0 });
  });
});

/** Tasks enqueued at batch priority so far, read from the owner's /metrics scrape. */
async function scrapeBatch(): Promise<number> {
  const res = await request(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return valueOf(await res.body.text(), 'tasks_enqueued_total', { priority: 'batch' }) ?? 0;
}
