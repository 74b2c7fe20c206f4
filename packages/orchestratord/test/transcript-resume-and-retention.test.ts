import { describe, expect, it } from 'vitest';
import { createTranscript } from '../src/streaming/transcript.js';
import { createTranscriptStore } from '../src/streaming/transcript-store.js';

describe('transcript', () => {
  it('numbers events from 0 and serializes each once as an SSE message [ORCHD-015]', () => {
    const transcript = createTranscript('t1');
    transcript.append({ type: 'started', data: { queue_position: 0, predicted_start_ms: 0 } });
    transcript.append({ type: 'token', data: { t: 'hi', i: 0 } });
    expect(transcript.size).toBe(2);
    expect(transcript.textFrom(1)).toBe('id: 1\nevent: token\ndata: {"t":"hi","i":0}\n\n');
    expect(transcript.textFrom(0).startsWith('id: 0\nevent: started\n')).toBe(true);
  });

  it('accepts nothing after the terminal event, so no token can follow a cancel [ORCHD-014, ORCHD-024]', () => {
    const transcript = createTranscript('t1');
    expect(transcript.append({ type: 'error', data: { code: 'INTERNAL', message: 'x' } })).toBe(true);
    expect(transcript.append({ type: 'token', data: { t: 'late', i: 0 } })).toBe(false);
    expect(transcript.append({ type: 'end', data: { tokens_out: 0, decode_ms: 0 } })).toBe(false);
    expect(transcript.size).toBe(1);
    expect(transcript.terminal?.type).toBe('error');
  });

  it('notifies subscribers on every append and drops them after the end [ORCHD-014]', () => {
    const transcript = createTranscript('t1');
    let calls = 0;
    transcript.subscribe(() => (calls += 1));
    transcript.append({ type: 'token', data: { t: 'a', i: 0 } });
    transcript.append({ type: 'end', data: { tokens_out: 1, decode_ms: 1 } });
    expect(calls).toBe(2);
    const unsubscribe = transcript.subscribe(() => (calls += 100));
    unsubscribe();
    expect(calls).toBe(2);
  });
});

describe('transcript store', () => {
  it('keeps a finished transcript readable until its retention time passes [ORCHD-017]', () => {
    let now = 1_000;
    const store = createTranscriptStore({ retentionMs: 500, maxRetained: 10, now: () => now });
    const transcript = store.create('a');
    transcript.append({ type: 'end', data: { tokens_out: 0, decode_ms: 0 } });
    now += 499;
    expect(store.get('a')).toBe(transcript);
    now += 2;
    expect(store.get('a')).toBeUndefined();
  });

  it('bounds the number of retained transcripts, dropping the oldest finished first', () => {
    const store = createTranscriptStore({ retentionMs: 60_000, maxRetained: 2 });
    for (const id of ['a', 'b', 'c'])
      store.create(id).append({ type: 'end', data: { tokens_out: 0, decode_ms: 0 } });
    const live = store.create('d');
    expect(store.get('a')).toBeUndefined();
    expect(store.get('b')).toBeDefined();
    expect(store.get('c')).toBeDefined();
    expect(store.get('d')).toBe(live);
    expect(store.liveCount).toBe(1);
  });

  it('never keeps two transcripts under one task id', () => {
    const store = createTranscriptStore({ retentionMs: 1_000, maxRetained: 2 });
    store.create('a');
    expect(() => store.create('a')).toThrow(/already exists/);
  });
});
