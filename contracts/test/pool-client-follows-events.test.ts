// OC-003, POOL-024: the pool client's followEvents() reads pool-managerd's
// /v1/events stream as typed, validated PoolEvent values: heartbeats are
// skipped, a frame that does not match the contract ends the stream with an
// error naming the frame, a refusal carries its status, and the caller's
// AbortSignal ends the iteration. A real loopback server plays pool-managerd.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  PoolEventStreamError,
  createPoolClient,
  type PoolEvent,
  type ReplicaState,
  type ReplicaStateChange,
} from '@llama-orch/contracts';

const TOKEN = 'pool-events-token';
const change = (to: ReplicaState, id = 'tiny-0'): ReplicaStateChange => ({
  type: 'replica_state',
  replica_id: id,
  pool_id: 'tiny',
  from: 'Loading',
  to,
  at_ms: 1,
});
const frame = (id: number, data: unknown): string =>
  `id: ${id}\nevent: replica_state\ndata: ${JSON.stringify(data)}\n\n`;

let baseUrl = '';
const open = new Set<ServerResponse>();
const server = createServer((req, res) => {
  if (req.headers.authorization !== `Bearer ${TOKEN}`) {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 'UNAUTHORIZED', message: 'missing or wrong token' }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
  open.add(res);
  res.on('close', () => open.delete(res));
  res.write(': replica_state events follow\n\n');
  res.write(frame(1, change('Ready')));
  res.write(': keep-alive\n\n');
  if (req.url === '/v1/events' && req.headers['x-scenario'] === 'bad') {
    res.write(frame(2, { ...change('Ready'), to: 'Exploded' }));
  } else {
    res.write(frame(2, change('Draining', 'tiny-1')));
  }
  // The stream stays open (as pool-managerd's does) until the client leaves.
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of open) res.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('PoolClient.followEvents', () => {
  it('yields each replica_state frame as a typed PoolEvent and skips heartbeats [OC-003, POOL-024]', async () => {
    const client = createPoolClient({ baseUrl, token: TOKEN });
    const stop = new AbortController();
    const seen: PoolEvent[] = [];
    let opened = 0;
    const onOpen = () => {
      expect(seen).toEqual([]);
      opened += 1;
    };
    for await (const event of client.followEvents({ signal: stop.signal, onOpen })) {
      expectTypeOf(event).toEqualTypeOf<PoolEvent>();
      seen.push(event);
      if (seen.length === 2) stop.abort();
    }
    expect(opened).toBe(1);
    expect(seen.map((e) => [e.id, e.data.replica_id, e.data.to])).toEqual([
      ['1', 'tiny-0', 'Ready'],
      ['2', 'tiny-1', 'Draining'],
    ]);
  });

  it('ends with an error naming the frame when one breaks the contract [OC-003]', async () => {
    const client = createPoolClient({ baseUrl, token: TOKEN, headers: { 'x-scenario': 'bad' } });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of client.followEvents({ signal: AbortSignal.timeout(5_000) }))
        seen.push(event.data.to);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['Ready']);
    expect(error).toBeInstanceOf(PoolEventStreamError);
    expect(error).toMatchObject({ code: 'INVALID_FRAME' });
    expect(String((error as Error).message)).toMatch(/frame 2.*to/);
  });

  it('reports a refusal with its status, so a token mismatch is not mistaken for silence [OC-003]', async () => {
    const client = createPoolClient({ baseUrl, token: 'not-the-token' });
    const error = await (async () => {
      for await (const _ of client.followEvents({ signal: AbortSignal.timeout(5_000) })) void _;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolEventStreamError);
    expect(error).toMatchObject({ code: 'REFUSED', status: 401 });
  });

  it('ends at once, without an error, when the signal is already aborted [OC-003]', async () => {
    const client = createPoolClient({ baseUrl, token: TOKEN });
    const seen: PoolEvent[] = [];
    for await (const event of client.followEvents({ signal: AbortSignal.abort() })) seen.push(event);
    expect(seen).toEqual([]);
  });
});
