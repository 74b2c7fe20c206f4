// ORCHD-016, ORCHD-017, MET-035: a transcript is stored compactly once its task ends, and
// nobody can tell from the bytes: every Last-Event-ID resume and every late reader gets
// what the stream sent while the task was live, the agents' encoders write the same
// protocol text from the re-read events, and a whole reply assembles the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { messageEventEncoder } from '../src/compat/anthropic-stream.js';
import type { StartedTask } from '../src/compat/compat-task.js';
import { chatChunkEncoder } from '../src/compat/openai-chat.js';
import { completionChunkEncoder } from '../src/compat/openai-completions.js';
import { assemble } from '../src/compat/task-result.js';
import type { StreamEncoder } from '../src/streaming/sse-writer.js';
import { formatSseEvent, type StreamEvent } from '../src/streaming/stream-events.js';
import { createTranscript } from '../src/streaming/transcript.js';
import { startTestDaemon, taskBody, waitFor } from './support/harness.js';
import { streamHeaders } from './support/client.js';
import { readSse } from './support/sse-client.js';

const TASK_ID = '6a1f0c2e-9b3d-4e5f-8a7b-0c1d2e3f4a5b';

/** Pieces JSON escapes or stores in two bytes: the cases a compact form could get wrong. */
const AWKWARD = ['héllo', ' "quoted"', '\n', '\n\n', ' 🙂', '\\', '\u2028', '', ' </s>', 'id: 3\nevent: end'];

const started: StreamEvent = { type: 'started', data: { queue_position: 2, predicted_start_ms: 1375 } };
const metrics: StreamEvent = {
  type: 'metrics',
  data: {
    phase: 'queued',
    predicted_start_ms: 1375,
    queue_depth: 3,
    queue_position: 2,
    on_time_probability: 0.8123456789012345,
    kv_warmth: false,
    tokens_budget_remaining: 1e21,
  },
};
const tokens: StreamEvent[] = AWKWARD.map((t, i) => ({ type: 'token', data: { t, i } }));
const toolCalls: StreamEvent[] = [
  { type: 'tool_call', data: { index: 0, id: 'call_a', name: 'Bash', arguments: '' } },
  { type: 'tool_call', data: { index: 0, arguments: '{"command":"printf \'a\\n\\nb\'"}' } },
];
const ENDINGS: Record<string, StreamEvent> = {
  end: {
    type: 'end',
    data: { tokens_out: 10, decode_ms: 41, stop_reason: 'tool_calls', tokens_in: 12, completion_tokens: 10 },
  },
  error: {
    type: 'error',
    data: {
      code: 'WORKER_RESET',
      message: 'replica r0 closed the stream',
      engine: 'llamacpp',
      retriable: true,
    },
  },
};

const task = (transcript = createTranscript(TASK_ID)): StartedTask => ({
  taskId: TASK_ID,
  model: 'coder',
  transcript,
  created: 1_700_000_000,
  promptTokens: 12,
  headers: {},
});
const ENCODERS: Record<string, () => StreamEncoder> = {
  anthropic: () => messageEventEncoder(task(), { stream: true, stopSequences: [] }),
  'openai chat': () => chatChunkEncoder(task(), { stream: true, includeUsage: true }),
  'openai completions': () => completionChunkEncoder(task(), { includeUsage: true }),
};
const encodeAll = (encoder: StreamEncoder, events: readonly StreamEvent[]) =>
  encoder.open() + events.map((e) => encoder.encode(e)).join('');
/** What the stream sends from `from` on: each event formatted on its own, as the live relay did. */
const reference = (events: readonly StreamEvent[], from: number) =>
  events
    .slice(Math.max(0, from))
    .map((e, i) => formatSseEvent(Math.max(0, from) + i, e))
    .join('');

describe.each(Object.entries(ENDINGS))('a transcript that ended with %s', (_name, ending) => {
  const events = [started, metrics, ...tokens, metrics, ...toolCalls, ending];

  it('serves every resume point with the bytes it had while live, terminal frame included [ORCHD-016]', () => {
    const transcript = createTranscript(TASK_ID);
    for (const event of events.slice(0, -1)) transcript.append(event);
    const live = events.map((_, from) => transcript.textFrom(from));
    transcript.append(ending);
    const last = formatSseEvent(events.length - 1, ending);
    for (let from = -1; from <= events.length + 1; from++) {
      expect(transcript.textFrom(from), `from ${from}`).toBe(reference(events, from));
      if (from < events.length) expect(transcript.textFrom(from)).toBe(`${live[Math.max(0, from)]}${last}`);
    }
    expect(transcript.size).toBe(events.length);
    expect(transcript.terminal).toEqual(ending);
  });

  it('gives the events back equal to what was appended, from any point [ORCHD-016]', () => {
    const transcript = createTranscript(TASK_ID);
    for (const event of events) transcript.append(event);
    for (let from = -1; from <= events.length; from++)
      expect(transcript.eventsFrom(from), `from ${from}`).toStrictEqual(events.slice(Math.max(0, from)));
  });

  it.each(Object.keys(ENCODERS))(
    'lets the %s encoder write the same text after the end as before it',
    (name) => {
      const transcript = createTranscript(TASK_ID);
      for (const event of events) transcript.append(event);
      const make = ENCODERS[name]!;
      expect(encodeAll(make(), transcript.eventsFrom(0))).toBe(encodeAll(make(), events));
    },
  );

  it('assembles the same whole reply from the stored events [ORCHD-064]', () => {
    const transcript = createTranscript(TASK_ID);
    for (const event of events) transcript.append(event);
    const whole = (list: readonly StreamEvent[]) => {
      try {
        return assemble(TASK_ID, list, 12);
      } catch (error) {
        return error;
      }
    };
    expect(whole(transcript.eventsFrom(0))).toEqual(whole(events));
  });
});

describe('a finished task read again through the daemon', () => {
  let daemon: Awaited<ReturnType<typeof startTestDaemon>>;
  beforeAll(async () => {
    daemon = await startTestDaemon({
      pools: [{ id: 'mock', replicas: [createMockAdapter({ script: AWKWARD, tokenDelayMs: 1 })] }],
    });
  });
  afterAll(async () => daemon?.stop());

  it('sends a late reader and every Last-Event-ID resume the bytes the live stream sent [ORCHD-016, ORCHD-017]', async () => {
    const body = taskBody({ max_tokens: 16 });
    const submitted = await fetch(`${daemon.url}/v1/tasks`, {
      method: 'POST',
      headers: { ...streamHeaders, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(body),
    });
    const live = (await submitted.text()).replace(/^: keep-alive\n\n/gm, '');
    const id = String(body.task_id);
    await waitFor(() => daemon.dataPlane.transcript(id)?.terminal !== undefined, 5_000);
    const frames = live.split(/(?<=\n\n)/);
    expect(frames.at(-1)).toMatch(/^id: \d+\nevent: end\n/);
    const url = `${daemon.url}/v1/tasks/${id}/stream`;
    expect((await readSse(url, { headers: streamHeaders })).body).toBe(live);
    for (let last = 0; last < frames.length; last++) {
      const resumed = await readSse(url, { headers: { ...streamHeaders, 'last-event-id': String(last) } });
      expect(resumed.body, `Last-Event-ID ${last}`).toBe(frames.slice(last + 1).join(''));
    }
  });
});
