import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { startTestDaemon, taskBody, type LogSink } from './support/harness.js';
import { call, streamHeaders } from './support/client.js';
import { parsed, readSse } from './support/sse-client.js';
import type { RunningOrchestratord } from '../src/index.js';

type Daemon = RunningOrchestratord & { logs: LogSink };
let daemon: Daemon | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

const KV_BYTES_PER_TOKEN = 2_048;

async function turn(d: Daemon, session_id: string, prompt: string) {
  const body = taskBody({ session_id, prompt, max_tokens: 4 });
  expect((await call(d.url, 'POST', '/v1/tasks', body)).status).toBe(202);
  const stream = await readSse(`${d.url}/v1/tasks/${String(body.task_id)}/stream`, {
    headers: streamHeaders,
  });
  return parsed<{ tokens_in: number; tokens_out: number }>(stream.messages.at(-1)!);
}

describe('session kv_bytes', () => {
  it("estimates the session's KV as the tokens its slot holds times the model's per-token KV size [ORCHD-027]", async () => {
    const d = (daemon = await startTestDaemon({
      pools: [{ id: 'mock', replicas: [createMockAdapter({ kvBytesPerToken: KV_BYTES_PER_TOKEN })] }],
    }));
    const session_id = randomUUID();
    const first = await turn(d, session_id, 'hello');
    const info = await call(d.url, 'GET', `/v1/sessions/${session_id}`);
    expect(info.body.kv_bytes).toBe((first.tokens_in + first.tokens_out) * KV_BYTES_PER_TOKEN);
    // The next turn resends the conversation: the slot now holds the longer context.
    const second = await turn(d, session_id, 'hello and then some more words');
    expect(second.tokens_in).toBeGreaterThan(first.tokens_in);
    const after = await call(d.url, 'GET', `/v1/sessions/${session_id}`);
    expect(after.body.kv_bytes).toBe((second.tokens_in + second.tokens_out) * KV_BYTES_PER_TOKEN);
  });

  it('reports 0 when the engine does not know its per-token KV size [ORCHD-027]', async () => {
    const d = (daemon = await startTestDaemon({ pools: [{ id: 'mock', replicas: [createMockAdapter()] }] }));
    const session_id = randomUUID();
    await turn(d, session_id, 'hello');
    expect((await call(d.url, 'GET', `/v1/sessions/${session_id}`)).body).toMatchObject({
      turns: 1,
      kv_bytes: 0,
    });
  });
});
