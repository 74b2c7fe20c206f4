// ORCHD-003: the context guardrail counts prompt tokens with the target engine's
// tokenizer when one answers, and with a conservative estimate (UTF-8 bytes + a
// few) otherwise. A prompt of ten words is 11 tokens to the engine but 54 by the
// estimate: with ctx 64 and max_tokens 30 it fits only by the engine's count, so
// it is admitted when the tokenizer answers and refused when it does not.
import { afterEach, expect, it } from 'vitest';
import { createMockAdapter, type EngineAdapter } from '@llama-orch/worker-adapters';
import { startTestDaemon, taskBody, type LogSink } from './support/harness.js';
import { call } from './support/client.js';
import type { RunningOrchestratord } from '../src/index.js';

let daemon: (RunningOrchestratord & { logs: LogSink }) | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

const TEN_WORDS = 'word '.repeat(10);
const body = () => taskBody({ ctx: 64, max_tokens: 30, prompt: TEN_WORDS });

it('admits a prompt that fits by the engine tokenizer even though the byte estimate would not [ORCHD-003]', async () => {
  let asked = 0;
  const base = createMockAdapter({ tokenDelayMs: 1 });
  const counting: EngineAdapter = {
    ...base,
    countTokens: (text, signal) => ((asked += 1), base.countTokens(text, signal)),
  };
  daemon = await startTestDaemon({ pools: [{ id: 'mock', replicas: [counting] }] });
  const admitted = await call(daemon.url, 'POST', '/v1/tasks', body());
  expect(admitted.status).toBe(202);
  expect(asked).toBeGreaterThan(0);
});

it('falls back to the estimate, which never under-counts, when the tokenizer does not answer [ORCHD-003]', async () => {
  const silent: EngineAdapter = {
    ...createMockAdapter({ tokenDelayMs: 1 }),
    countTokens: () => Promise.reject(new Error('tokenizer unreachable')),
  };
  daemon = await startTestDaemon({ pools: [{ id: 'mock', replicas: [silent] }] });
  const refused = await call(daemon.url, 'POST', '/v1/tasks', body());
  expect(refused.status).toBe(400);
  expect(refused.body).toMatchObject({ code: 'INVALID_PARAMS' });
  expect(String(refused.body.message)).toMatch(/exceeds ctx/);
  // A prompt the estimate clears is admitted without the tokenizer.
  expect((await call(daemon.url, 'POST', '/v1/tasks', taskBody({ ctx: 64, max_tokens: 8 }))).status).toBe(
    202,
  );
});
