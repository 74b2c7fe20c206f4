// ORCHD-098: a task, and the response it produced, belong to the client that submitted it.
// The product runs as `npm start --config FILE` does, with two agent clients beside the owner,
// in front of a llama.cpp simulator. One client's key cannot read another's stream, cancel its
// task or continue its response (through the official OpenAI SDK), while it runs or after it
// finished; it is answered exactly as for an id that does not exist. The owner can do all three.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './support/client.js';
import { TOKEN, taskBody } from './support/harness.js';
import { startProductOnSimulator, type ProductOnSimulator } from './support/product-on-simulator.js';

const KEYS = { aider: 'aider-key-7d6c5b4a3f2e1d0c', codex: 'codex-key-0e1f2a3b4c5d6e7f' };

let running: ProductOnSimulator | undefined;
let url: string;

const as = (key: string) => ({ authorization: `Bearer ${key}` });
const openAi = (key: string) => new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });

async function stream(taskId: string, key: string): Promise<{ status: number; text: string }> {
  const res = await request(`${url}/v1/tasks/${taskId}/stream`, { headers: as(key) });
  return { status: res.statusCode, text: await res.body.text() };
}

/** How the stream ended: `end`, `canceled` (an end frame saying so) or `error`. */
function terminalOf(sse: string): string | undefined {
  const last = [...sse.matchAll(/^event: (\S+)\ndata: (.*)$/gm)].at(-1);
  if (last === undefined) return undefined;
  return last[1] === 'end' && (JSON.parse(last[2]!) as { canceled?: boolean }).canceled === true
    ? 'canceled'
    : last[1];
}

async function submit(key: string, maxTokens: number): Promise<string> {
  const res = await call(
    url,
    'POST',
    '/v1/tasks',
    taskBody({ model_ref: 'golden', ctx: 2048, max_tokens: maxTokens }),
    as(key),
  );
  expect(res.status).toBe(202);
  return String(res.body.task_id);
}

beforeAll(async () => {
  running = await startProductOnSimulator('own-tasks', {
    config: async (dir) => {
      const clients = [];
      for (const [name, key] of Object.entries(KEYS)) {
        const file = join(dir, `${name}.token`);
        await writeFile(file, `${key}\n`, { mode: 0o600 });
        clients.push({ name, token_file: file });
      }
      return { clients };
    },
  });
  url = running.product.url;
}, 90_000);
afterAll(async () => running?.stop());

describe('a task belongs to the client that submitted it [ORCHD-098]', () => {
  it('another client cannot read its stream: 404 with the words for an unknown task, live and finished', async () => {
    const taskId = await submit(KEYS.aider, 40);
    const unknown = await stream('00000000-0000-4000-8000-000000000000', KEYS.codex);
    expect(unknown.status).toBe(404);
    const live = await stream(taskId, KEYS.codex);
    expect(live.status).toBe(404);
    expect(live.text.replaceAll(taskId, 'ID')).toBe(
      unknown.text
        .replaceAll('00000000-0000-4000-8000-000000000000', 'ID')
        .replace(/"correlation_id":"[^"]*"/, ''),
    );
    // Its own client reads it to the end, and then the retained transcript is still its own.
    const own = await stream(taskId, KEYS.aider);
    expect(own.status).toBe(200);
    expect(terminalOf(own.text)).toBe('end');
    expect((await stream(taskId, KEYS.codex)).status).toBe(404);
    const owner = await stream(taskId, TOKEN);
    expect(owner.status).toBe(200);
    expect(terminalOf(owner.text)).toBe('end');
  });

  it('another client’s cancel is the 404 of an unknown task and cancels nothing; the owner’s cancels', async () => {
    const taskId = await submit(KEYS.aider, 200); // about a second on the simulator
    const refused = await call(url, 'POST', `/v1/tasks/${taskId}/cancel`, undefined, as(KEYS.codex));
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining(`no task ${taskId}`),
    });
    expect(terminalOf((await stream(taskId, KEYS.aider)).text)).toBe('end');

    const second = await submit(KEYS.aider, 200);
    const cancelled = await call(url, 'POST', `/v1/tasks/${second}/cancel`, undefined, as(TOKEN));
    expect(cancelled.status).toBe(204);
    expect(terminalOf((await stream(second, KEYS.aider)).text)).toBe('canceled');
  });

  it('another client cannot continue its response with previous_response_id; the client and the owner can', async () => {
    const first = await openAi(KEYS.aider).responses.create({
      model: 'golden',
      input: 'the',
      max_output_tokens: 4,
    });
    const refusal = await openAi(KEYS.codex)
      .responses.create({
        model: 'golden',
        input: 'more',
        max_output_tokens: 4,
        previous_response_id: first.id,
      })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(OpenAI.NotFoundError);
    expect(refusal).toMatchObject({ code: 'previous_response_not_found' });
    const alone = await openAi(KEYS.aider).responses.create({
      model: 'golden',
      input: 'more',
      max_output_tokens: 4,
    });
    for (const key of [KEYS.aider, TOKEN]) {
      const next = await openAi(key).responses.create({
        model: 'golden',
        input: 'more',
        max_output_tokens: 4,
        previous_response_id: first.id,
      });
      // The earlier turns went in front of this one: a longer prompt than the same input alone.
      expect(next.usage!.input_tokens).toBeGreaterThan(alone.usage!.input_tokens);
    }
  });
});
