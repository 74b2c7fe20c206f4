// ORCHD SSE relay (ORCHD-006, ORCHD-007, ORCHD-022): drains one transcript into one HTTP
// response at the reader's pace. The engine side only appends to the
// transcript, so a reader whose socket is full just falls behind (we wait for
// 'drain') instead of pushing back on the engine. Appends are coalesced per
// event-loop turn so a fast engine costs one socket write per burst, and idle
// connections get comment heartbeats so proxies keep them open.
import type { ServerResponse } from 'node:http';
import type { Transcript } from './transcript.js';

export interface SseWriterOptions {
  /** Index of the first event to send (Last-Event-ID + 1 on resume). */
  from: number;
  heartbeatMs: number;
  /** Sent once with the 200 (correlation id, budget headers). */
  headers: Readonly<Record<string, string>>;
}

export type SseOutcome = 'completed' | 'client-closed';

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

export function streamTranscript(
  res: ServerResponse,
  transcript: Transcript,
  options: SseWriterOptions,
): Promise<SseOutcome> {
  return new Promise((resolve) => {
    res.writeHead(200, { ...SSE_HEADERS, ...options.headers });
    let cursor = Math.max(0, options.from);
    let scheduled = false;
    let blocked = false;
    let done = false;
    let lastWriteAt = Date.now();

    const finish = (outcome: SseOutcome): void => {
      if (done) return;
      done = true;
      unsubscribe();
      clearInterval(heartbeat);
      res.off('close', onClose);
      resolve(outcome);
    };
    const onClose = (): void => finish('client-closed');

    const flush = (): void => {
      scheduled = false;
      if (done || blocked) return;
      const size = transcript.size;
      const text = cursor < size ? transcript.textFrom(cursor) : '';
      cursor = Math.max(cursor, size);
      if (transcript.terminal !== undefined) {
        // The last frames and the end of the response go out in one write.
        res.end(text);
        finish('completed');
        return;
      }
      if (text === '') return;
      lastWriteAt = Date.now();
      if (!res.write(text)) {
        blocked = true;
        res.once('drain', () => {
          blocked = false;
          flush();
        });
      }
    };
    const schedule = (): void => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(flush);
    };

    const unsubscribe = transcript.subscribe(schedule);
    const heartbeat = setInterval(() => {
      if (done || blocked || Date.now() - lastWriteAt < options.heartbeatMs) return;
      res.write(': keep-alive\n\n');
      lastWriteAt = Date.now();
    }, options.heartbeatMs);
    heartbeat.unref();
    res.on('close', onClose);
    flush();
  });
}
