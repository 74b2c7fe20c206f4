// WA-012: the stream deadlines are configurable per adapter, and null turns one
// off for a caller that runs its own watchdog over the stream (orchestratord
// does, from the pool's timeouts), so one fault never has two racing timers.
// The DECODE_TIMEOUT message names the deadline that fired.
import { afterEach, expect, it } from 'vitest';
import { AdapterError, resolveTimeouts, streamSse } from '../src/index.js';
import type { SseEvent } from '../src/index.js';
import { sleep, sseHeaders, startFakeServer } from './support/fake-http-server.js';
import type { FakeHttpServer } from './support/fake-http-server.js';

let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Headers at once, the first event after `firstAfterMs`, the second after `gapMs` more. */
async function slowEngine(firstAfterMs: number, gapMs: number): Promise<string> {
  server = await startFakeServer(async (_req, res) => {
    sseHeaders(res);
    await sleep(firstAfterMs);
    res.write('data: 1\n\n');
    await sleep(gapMs);
    res.end('data: 2\n\n');
  });
  return server.url;
}

async function drain(stream: AsyncIterable<SseEvent>): Promise<{ events: SseEvent[]; error: unknown }> {
  const events: SseEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}

it('waits out a slow first event and a long gap when both deadlines are null [WA-012]', async () => {
  const url = await slowEngine(300, 300);
  const timeouts = resolveTimeouts({ firstTokenMs: null, idleMs: null });
  const { events, error } = await drain(streamSse({ engine: 'llamacpp', url, body: {}, timeouts }));
  expect(error).toBeUndefined();
  expect(events).toEqual([{ data: '1' }, { data: '2' }]);
});

it('says "before the first token" when the first-token deadline fires after the headers came [WA-012]', async () => {
  const url = await slowEngine(2_000, 0);
  const timeouts = resolveTimeouts({ firstTokenMs: 200, idleMs: 5_000 });
  const { error } = await drain(streamSse({ engine: 'llamacpp', url, body: {}, timeouts }));
  expect(error).toBeInstanceOf(AdapterError);
  expect((error as AdapterError).code).toBe('DECODE_TIMEOUT');
  expect((error as AdapterError).message).toContain('sent nothing for 200 ms (before the first token)');
});
