// Transport failures map to the same AdapterError codes for every adapter.
import { afterEach, describe, expect, it } from 'vitest';
import { AdapterError, VRAM_OOM_DETAIL, httpCall, resolveTimeouts, streamSse } from '../src/index.js';
import type { SseEvent } from '../src/index.js';
import { json, refusedUrl, sleep, sseHeaders, startFakeServer, within } from './support/fake-http-server.js';
import type { FakeHandler, FakeHttpServer } from './support/fake-http-server.js';

let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: FakeHandler): Promise<string> {
  server = await startFakeServer(handler);
  return server.url;
}

const fast = resolveTimeouts({ requestMs: 300, firstTokenMs: 400, idleMs: 250 });

async function drain(stream: AsyncIterable<SseEvent>): Promise<{ events: SseEvent[]; error: unknown }> {
  const events: SseEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}

function expectCode(error: unknown, code: string): AdapterError {
  expect(error).toBeInstanceOf(AdapterError);
  expect((error as AdapterError).code).toBe(code);
  return error as AdapterError;
}

describe('httpCall', () => {
  it('maps connection refused to a retriable POOL_UNAVAILABLE [WA-008]', async () => {
    const url = await refusedUrl();
    const error = await httpCall(url, { engine: 'vllm', timeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(expectCode(error, 'POOL_UNAVAILABLE').retriable).toBe(true);
  });

  it('gives up on a server that never answers within the deadline [WA-012]', async () => {
    const url = await serve(() => undefined);
    const startedAt = performance.now();
    const error = await httpCall(`${url}/health`, { engine: 'tgi', timeoutMs: 200 }).catch((e: unknown) => e);
    expectCode(error, 'POOL_UNAVAILABLE');
    expect(performance.now() - startedAt).toBeLessThan(1_500);
  });

  it('rejects with the caller abort reason, not a mapped error [WA-009]', async () => {
    const url = await serve(() => undefined);
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    setTimeout(() => controller.abort(reason), 50);
    await expect(httpCall(url, { engine: 'tgi', timeoutMs: 5_000, signal: controller.signal })).rejects.toBe(
      reason,
    );
  });

  it('returns non-2xx statuses to the caller with the parsed body', async () => {
    const url = await serve((_req, res) => json(res, 503, { error: { message: 'Loading model' } }));
    const result = await httpCall(url, { engine: 'llamacpp', timeoutMs: 1_000 });
    expect(result.status).toBe(503);
    expect(result.json).toEqual({ error: { message: 'Loading model' } });
  });
});

describe('streamSse', () => {
  const open = (url: string, signal?: AbortSignal) =>
    streamSse({ engine: 'vllm', url, body: { prompt: 'x' }, timeouts: fast, ...(signal ? { signal } : {}) });

  it.each([
    [503, 'POOL_UNAVAILABLE'],
    [429, 'POOL_UNAVAILABLE'],
    [400, 'INVALID_PARAMS'],
    [422, 'INVALID_PARAMS'],
    [500, 'INTERNAL'],
  ])('maps HTTP %i before the stream to %s [WA-008]', async (status, code) => {
    const url = await serve((_req, res) => json(res, status, { error: 'nope' }));
    expectCode((await drain(open(url))).error, code);
  });

  it('reports VRAM exhaustion with its own detail [WA-008]', async () => {
    const url = await serve((_req, res) =>
      json(res, 500, { error: { message: 'CUDA error: out of memory' } }),
    );
    const error = expectCode((await drain(open(url))).error, 'INTERNAL');
    expect(error.detail).toBe(VRAM_OOM_DETAIL);
  });

  it('maps a connection cut mid-stream to WORKER_RESET [WA-008]', async () => {
    const url = await serve(async (_req, res) => {
      sseHeaders(res);
      res.write('data: 1\n\n');
      await sleep(50);
      res.socket?.destroy();
    });
    const { events, error } = await drain(open(url));
    expect(events).toEqual([{ data: '1' }]);
    expect(expectCode(error, 'WORKER_RESET').retriable).toBe(true);
  });

  it('times out an engine that never sends its first event with DECODE_TIMEOUT [WA-012]', async () => {
    const url = await serve(() => undefined);
    const startedAt = performance.now();
    expectCode((await drain(open(url))).error, 'DECODE_TIMEOUT');
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(350);
  });

  it('times out an engine that goes silent between events and closes its connection [WA-012]', async () => {
    const url = await serve((_req, res) => {
      sseHeaders(res);
      res.write('data: 1\n\n');
    });
    const { events, error } = await drain(open(url));
    expect(events).toHaveLength(1);
    expectCode(error, 'DECODE_TIMEOUT');
    await within(2_000, server!.requests[0]!.closed, 'the adapter left the engine connection open');
  });

  it('does not count time the consumer holds an event as engine silence [WA-012]', async () => {
    const url = await serve((_req, res) => {
      sseHeaders(res);
      res.end('data: 1\n\ndata: 2\n\n');
    });
    const events: SseEvent[] = [];
    for await (const event of open(url)) {
      events.push(event);
      await sleep(400);
    }
    expect(events).toHaveLength(2);
  });

  it('closes the connection and rejects with the reason when the caller aborts [WA-009]', async () => {
    const url = await serve((_req, res) => {
      sseHeaders(res);
      const timer = setInterval(() => res.write('data: tick\n\n'), 10);
      res.on('close', () => clearInterval(timer));
    });
    const controller = new AbortController();
    const reason = new Error('stop');
    const seen: SseEvent[] = [];
    const error = await (async () => {
      for await (const event of open(url, controller.signal)) {
        seen.push(event);
        if (seen.length === 2) controller.abort(reason);
      }
    })().catch((e: unknown) => e);
    expect(error).toBe(reason);
    await within(2_000, server!.requests[0]!.closed, 'the adapter left the engine connection open');
  });

  it('delivers no buffered event once the caller has aborted [WA-009]', async () => {
    const url = await serve((_req, res) => {
      sseHeaders(res);
      res.write('data: 1\n\ndata: 2\n\ndata: 3\n\n');
    });
    const controller = new AbortController();
    const reason = new Error('stop');
    const iterator = open(url, controller.signal)[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ data: '1' });
    controller.abort(reason);
    await expect(iterator.next()).rejects.toBe(reason);
  });

  it('closes the connection when the consumer stops iterating early [WA-009]', async () => {
    const url = await serve((_req, res) => {
      sseHeaders(res);
      const timer = setInterval(() => res.write('data: tick\n\n'), 10);
      res.on('close', () => clearInterval(timer));
    });
    for await (const _event of open(url)) break;
    await within(2_000, server!.requests[0]!.closed, 'the adapter left the engine connection open');
  });
});
