// ORCHD SSE relay (ORCHD-015, ORCHD-016, ORCHD-018): drains one transcript into one HTTP
// response at the reader's pace. The engine side only appends to the
// transcript, so a reader whose socket is full just falls behind (we wait for
// 'drain') instead of pushing back on the engine. Appends are coalesced per
// event-loop turn so a fast engine costs one socket write per burst (the first
// token excepted: it leaves as soon as it is appended), and idle
// connections get comment heartbeats so proxies keep them open.
import type { ServerResponse } from 'node:http';
import type { StreamEvent } from './stream-events.js';
import type { Transcript } from './transcript.js';

/**
 * Turns transcript events into another protocol's SSE text (the agents' endpoints); without one
 * the relay sends the transcript's own pre-serialized frames.
 */
export interface StreamEncoder {
  /** Written once with the 200, before any event (e.g. Anthropic's message_start). */
  open(): string;
  /** Text for one event ('' to skip it); the terminal event's text closes the protocol's stream. */
  encode(event: StreamEvent): string;
  /** A keep-alive the protocol's clients ignore, sent while nothing else is written. */
  readonly keepAlive: string;
}

export interface SseWriterOptions {
  /** Index of the first event to send (Last-Event-ID + 1 on resume). */
  from: number;
  heartbeatMs: number;
  /** Sent once with the 200 (correlation id, budget headers). */
  headers: Readonly<Record<string, string>>;
  encoder?: StreamEncoder;
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
    const { encoder } = options;
    const textFrom = (from: number): string => {
      if (encoder === undefined) return transcript.textFrom(from);
      let text = '';
      for (const event of transcript.eventsFrom(from)) text += encoder.encode(event);
      return text;
    };
    const keepAlive = encoder?.keepAlive ?? ': keep-alive\n\n';
    let cursor = Math.max(0, options.from);
    let scheduled = false;
    let blocked = false;
    let done = false;
    let lastWriteAt = Date.now();
    let opened = false;
    /** Whether a token (or tool call) frame has gone out; until then nothing waits for a loop turn. */
    let tokenSent = false;

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
      let text = '';
      if (!opened) {
        opened = true;
        text = encoder?.open() ?? '';
      }
      if (cursor < size) {
        // Only a live stream schedules another flush; a finished one is written whole below.
        if (!tokenSent && transcript.terminal === undefined)
          tokenSent = transcript.eventsFrom(cursor).some((e) => e.type === 'token' || e.type === 'tool_call');
        text += textFrom(cursor);
      }
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
      // Time to first token: until a token has gone out, an append is written as soon as the step
      // that made it ends. From then on appends coalesce per loop turn: one write per burst.
      if (opened && !tokenSent) queueMicrotask(flush);
      else setImmediate(flush);
    };

    const unsubscribe = transcript.subscribe(schedule);
    const heartbeat = setInterval(() => {
      if (done || blocked || Date.now() - lastWriteAt < options.heartbeatMs) return;
      res.write(keepAlive);
      lastWriteAt = Date.now();
    }, options.heartbeatMs);
    heartbeat.unref();
    res.on('close', onClose);
    // The first write waits one loop turn, so an engine request started in this turn leaves first.
    schedule();
  });
}
