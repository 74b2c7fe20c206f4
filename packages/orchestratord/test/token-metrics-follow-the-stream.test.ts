// MET-018, MET-021: the token counters and the two latency histograms are
// measured from what the stream carries. The mock engine and the daemon share
// a clock that moves only when the engine sleeps between tokens, so a queue
// wait and a decode have exact lengths and the histograms can be checked to
// the millisecond.
import { afterEach, describe, expect, it } from 'vitest';
import { createMockAdapter, type MockAdapter } from '@llama-orch/worker-adapters';
import { startTestDaemon, taskBody, waitFor, type LogSink } from './support/harness.js';
import { call, streamHeaders } from './support/client.js';
import { ManualClock } from './support/manual-clock.js';
import { scrape, scrapeUntil, valueOf } from './support/metrics-scrape.js';
import { parsed, readSse } from './support/sse-client.js';
import type { RunningOrchestratord } from '../src/index.js';

const TOKEN_MS = 100;
const POOL = { engine: 'llamacpp', engine_version: 'mock-1', pool_id: 'mock' };
const REPLICA = { ...POOL, replica_id: 'mock-0' };

let daemon: (RunningOrchestratord & { logs: LogSink }) | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

async function start(): Promise<{ d: RunningOrchestratord; clock: ManualClock; adapter: MockAdapter }> {
  const clock = new ManualClock();
  const adapter = createMockAdapter({ clock, tokenDelayMs: TOKEN_MS, slotsTotal: 1 });
  // A model that ends every completion at once, without a token.
  const mute = createMockAdapter({ clock, tokenDelayMs: TOKEN_MS, script: [] });
  daemon = await startTestDaemon({
    pools: [
      { id: 'mock', replicas: [adapter] },
      { id: 'mute', replicas: [mute] },
    ],
    now: clock.now,
  });
  return { d: daemon, clock, adapter };
}

async function submit(d: RunningOrchestratord, overrides: Record<string, unknown>): Promise<string> {
  const body = taskBody(overrides);
  const admitted = await call(d.url, 'POST', '/v1/tasks', body);
  expect(admitted.status).toBe(202);
  return String(body.task_id);
}

const ended = (d: RunningOrchestratord, id: string) => () =>
  d.dataPlane.transcript(id)?.terminal !== undefined;

async function frames(d: RunningOrchestratord, id: string) {
  const stream = await readSse(`${d.url}/v1/tasks/${id}/stream`, { headers: streamHeaders });
  return {
    tokens: stream.messages.filter((m) => m.event === 'token').length,
    terminal: stream.messages.at(-1)!,
  };
}

describe('latency histograms', () => {
  it('time first token from the 202 (queue wait included) and decode from first token to end, equal to end.decode_ms [MET-021]', async () => {
    const { d, clock } = await start();
    // A holds the only slot for 5 tokens; B is admitted at the same instant and waits behind it.
    const a = await submit(d, { max_tokens: 5 });
    const b = await submit(d, { max_tokens: 3 });
    await clock.runUntil(() => ended(d, a)() && ended(d, b)());

    // A: first token after one pace, last at 5 paces. B: starts when A ends, first token one pace later.
    const first = { a: TOKEN_MS, b: 5 * TOKEN_MS + TOKEN_MS };
    const decode = { a: 4 * TOKEN_MS, b: 2 * TOKEN_MS };
    const streamA = await frames(d, a);
    const streamB = await frames(d, b);
    expect(streamA.terminal.event).toBe('end');
    expect(parsed(streamA.terminal)).toMatchObject({ tokens_out: 5, decode_ms: decode.a });
    expect(parsed(streamB.terminal)).toMatchObject({ tokens_out: 3, decode_ms: decode.b });

    const text = await scrape(d.url);
    const where = { ...POOL, priority: 'interactive' };
    expect(valueOf(text, 'latency_first_token_ms_count', where)).toBe(2);
    expect(valueOf(text, 'latency_first_token_ms_sum', where)).toBe(first.a + first.b);
    // B's 600 ms is queue wait plus its own first token: above the 500 bucket, inside 1000.
    expect(valueOf(text, 'latency_first_token_ms_bucket', { ...where, le: '100' })).toBe(1);
    expect(valueOf(text, 'latency_first_token_ms_bucket', { ...where, le: '500' })).toBe(1);
    expect(valueOf(text, 'latency_first_token_ms_bucket', { ...where, le: '1000' })).toBe(2);
    expect(valueOf(text, 'latency_decode_ms_count', where)).toBe(2);
    expect(valueOf(text, 'latency_decode_ms_sum', where)).toBe(decode.a + decode.b);
    expect(valueOf(text, 'latency_decode_ms_bucket', { ...where, le: '250' })).toBe(1);
    expect(valueOf(text, 'latency_decode_ms_bucket', { ...where, le: '500' })).toBe(2);
  });

  it('records neither latency for tasks that end before their first token [MET-021]', async () => {
    const { d, clock, adapter } = await start();
    const done = await submit(d, { max_tokens: 2 });
    await clock.runUntil(ended(d, done));
    const before = await scrape(d.url);

    // Canceled inside the engine before its first token.
    const early = await submit(d, { max_tokens: 5 });
    await waitFor(() => clock.waiting === 1, 5_000, 1);
    expect((await call(d.url, 'POST', `/v1/tasks/${early}/cancel`)).status).toBe(204);
    // Canceled while still queued behind a running task.
    const holder = await submit(d, { max_tokens: 50 });
    const queued = await submit(d, { max_tokens: 5 });
    expect((await call(d.url, 'POST', `/v1/tasks/${queued}/cancel`)).status).toBe(204);
    expect((await call(d.url, 'POST', `/v1/tasks/${holder}/cancel`)).status).toBe(204);
    // The engine fails before its first token.
    await waitFor(() => adapter.stats().inFlight === 0, 5_000, 1);
    adapter.setFaults({ failAfterTokens: 0 });
    const failed = await submit(d, { max_tokens: 5 });
    await waitFor(ended(d, failed), 5_000, 1);
    expect(d.dataPlane.transcript(failed)?.terminal).toMatchObject({ data: { code: 'WORKER_RESET' } });
    // The engine ends the stream normally without a single token.
    const empty = await submit(d, { model_ref: 'mute', max_tokens: 5 });
    await clock.runUntil(ended(d, empty));
    expect(parsed((await frames(d, empty)).terminal)).toMatchObject({ tokens_out: 0, stop_reason: 'eos' });
    for (const id of [early, queued, holder, empty]) expect((await frames(d, id)).tokens).toBe(0);

    const after = await scrape(d.url);
    for (const series of ['latency_first_token_ms_count', 'latency_decode_ms_count']) {
      expect(valueOf(before, series)).toBe(1);
      expect(valueOf(after, series)).toBe(1);
    }
  });
});

describe('token counters', () => {
  it('add one tokens_out per token frame as it is sent, and the engine-reported prompt tokens of every started task [MET-018]', async () => {
    const { d, clock, adapter } = await start();
    const promptA = 'one two three four five';
    const promptB = 'alpha beta';
    const counted = { a: await adapter.countTokens(promptA), b: await adapter.countTokens(promptB) };
    // The daemon's own conservative bound (UTF-8 bytes + 1) must not be what lands in the counter.
    expect(counted.a).not.toBe(Buffer.byteLength(promptA) + 1);

    const a = await submit(d, { prompt: promptA, max_tokens: 4 });
    await clock.runUntil(ended(d, a));
    const afterA = await scrapeUntil(d.url, (t) => valueOf(t, 'tokens_in_total', REPLICA) !== undefined);
    expect(valueOf(afterA, 'tokens_out_total', REPLICA)).toBe((await frames(d, a)).tokens);
    expect(valueOf(afterA, 'tokens_in_total', REPLICA)).toBe(counted.a);

    // B is canceled mid-decode: it started, so its prompt counts; only the frames it sent count.
    const b = await submit(d, { prompt: promptB, max_tokens: 50 });
    const queued = await submit(d, { prompt: 'never started at all', max_tokens: 5 });
    for (let i = 0; i < 2; i += 1) await clock.step();
    await waitFor(() => clock.waiting === 1, 5_000, 1);
    // The counter moves while the task is still decoding, not only when it ends.
    const midway = await scrape(d.url);
    expect(valueOf(midway, 'tokens_out_total', REPLICA)).toBe(4 + 2);
    await clock.step();
    await waitFor(() => clock.waiting === 1, 5_000, 1);
    expect((await call(d.url, 'POST', `/v1/tasks/${queued}/cancel`)).status).toBe(204);
    expect((await call(d.url, 'POST', `/v1/tasks/${b}/cancel`)).status).toBe(204);
    await waitFor(() => adapter.stats().inFlight === 0, 5_000, 1);

    const streamA = await frames(d, a);
    const streamB = await frames(d, b);
    expect(parsed(streamB.terminal)).toMatchObject({ canceled: true, tokens_out: 3 });
    expect((await frames(d, queued)).tokens).toBe(0);
    const text = await scrapeUntil(d.url, (t) => valueOf(t, 'tokens_in_total', REPLICA) !== counted.a);
    expect(valueOf(text, 'tokens_out_total', REPLICA)).toBe(streamA.tokens + streamB.tokens);
    expect(valueOf(text, 'tokens_in_total', REPLICA)).toBe(counted.a + counted.b);
  });
});
