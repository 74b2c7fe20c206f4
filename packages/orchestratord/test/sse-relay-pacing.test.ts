import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTranscript, type Transcript } from '../src/streaming/transcript.js';
import { streamTranscript } from '../src/streaming/sse-writer.js';
import { SseParser, readSse } from './support/sse-client.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(transcript: Transcript, heartbeatMs = 10_000): Promise<string> {
  server = createServer((req, res) => {
    const last = Number(req.headers['last-event-id'] ?? -1);
    void streamTranscript(res, transcript, {
      from: last + 1,
      heartbeatMs,
      headers: { 'x-correlation-id': 'c1' },
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}/`;
}

describe('SSE relay', () => {
  it('relays events in order with their ids and ends after the terminal event [ORCHD-014, ORCHD-015]', async () => {
    const transcript = createTranscript('t');
    const url = await serve(transcript);
    transcript.append({ type: 'started', data: { queue_position: 0, predicted_start_ms: 0 } });
    setTimeout(() => {
      transcript.append({ type: 'token', data: { t: 'a', i: 0 } });
      transcript.append({ type: 'end', data: { tokens_out: 1, decode_ms: 2 } });
    }, 20);
    const result = await readSse(url);
    expect(result.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(result.headers['x-correlation-id']).toBe('c1');
    expect(result.messages.map((m) => [m.id, m.event])).toEqual([
      ['0', 'started'],
      ['1', 'token'],
      ['2', 'end'],
    ]);
  });

  it('resumes after Last-Event-ID without loss or repetition [ORCHD-016]', async () => {
    const transcript = createTranscript('t');
    const url = await serve(transcript);
    for (let i = 0; i < 5; i++) transcript.append({ type: 'token', data: { t: `w${i}`, i } });
    transcript.append({ type: 'end', data: { tokens_out: 5, decode_ms: 1 } });
    const result = await readSse(url, { headers: { 'last-event-id': '2' } });
    expect(result.messages.map((m) => m.id)).toEqual(['3', '4', '5']);
  });

  it('sends heartbeat comments while a stream is idle [ORCHD-018]', async () => {
    const transcript = createTranscript('t');
    const url = await serve(transcript, 30);
    setTimeout(() => transcript.append({ type: 'end', data: { tokens_out: 0, decode_ms: 0 } }), 200);
    const result = await readSse(url);
    expect(result.comments.length).toBeGreaterThanOrEqual(2);
  });

  it('lets a stalled reader fall behind without slowing the producer or another reader', async () => {
    const transcript = createTranscript('t');
    const url = new URL(await serve(transcript));
    const stalled = connect(Number(url.port), '127.0.0.1');
    await new Promise<void>((resolve) => stalled.once('connect', resolve));
    stalled.write(`GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    stalled.pause();
    await new Promise((resolve) => setTimeout(resolve, 20));

    const big = 'x'.repeat(1024);
    const fast = readSse(url.href);
    const started = performance.now();
    for (let i = 0; i < 4000; i++) transcript.append({ type: 'token', data: { t: big, i } });
    transcript.append({ type: 'end', data: { tokens_out: 4000, decode_ms: 1 } });
    const appendMs = performance.now() - started;
    const fastResult = await fast;
    expect(fastResult.messages).toHaveLength(4001);
    expect(appendMs).toBeLessThan(1_000);

    const parser = new SseParser();
    stalled.setEncoding('utf8');
    stalled.on('data', (chunk: string) => parser.push(chunk));
    stalled.resume();
    await new Promise<void>((resolve) => stalled.once('end', resolve));
    expect(parser.messages).toHaveLength(4001);
    expect(parser.messages.at(-1)?.event).toBe('end');
  });
});
