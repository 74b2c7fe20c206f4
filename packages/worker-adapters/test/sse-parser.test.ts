import { describe, expect, it } from 'vitest';
import { parseSse } from '../src/index.js';
import type { SseEvent } from '../src/index.js';

async function* bytes(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part;
}

async function parse(...parts: (string | Uint8Array)[]): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const event of parseSse(bytes(...parts))) out.push(event);
  return out;
}

describe('parseSse', () => {
  it('accepts data lines with and without a space after the colon [WA-011]', async () => {
    expect(await parse('data: {"a":1}\n\ndata:{"b":2}\n\n')).toEqual([
      { data: '{"a":1}' },
      { data: '{"b":2}' },
    ]);
  });

  it('removes only one leading space from a value [WA-011]', async () => {
    expect(await parse('data:   x\n\n')).toEqual([{ data: '  x' }]);
  });

  it('skips comment lines such as keep-alive pings [WA-011]', async () => {
    expect(await parse(':\n\n: ping\n\ndata: 1\n\n')).toEqual([{ data: '1' }]);
  });

  it('tolerates CRLF and lone CR line endings [WA-011]', async () => {
    expect(await parse('data: a\r\n\r\ndata: b\r\rdata: c\n\n')).toEqual([
      { data: 'a' },
      { data: 'b' },
      { data: 'c' },
    ]);
  });

  it('handles a CRLF and a UTF-8 character split across chunks [WA-011]', async () => {
    const fox = new TextEncoder().encode('data: 🦊\r\n\r\n');
    expect(await parse(fox.slice(0, 8), fox.slice(8, 11), fox.slice(11))).toEqual([{ data: '🦊' }]);
  });

  it('joins multi-line data with newlines and keeps event and id fields [WA-011]', async () => {
    expect(await parse('event: token\nid: 7\ndata: one\ndata: two\n\n')).toEqual([
      { event: 'token', id: '7', data: 'one\ntwo' },
    ]);
  });

  it("surfaces llama.cpp's legacy `error:` line as an error event [WA-011]", async () => {
    expect(await parse('data: {"content":"x"}\n\nerror: {"code":500,"message":"boom"}\n\n')).toEqual([
      { data: '{"content":"x"}' },
      { event: 'error', data: '{"code":500,"message":"boom"}' },
    ]);
  });

  it('ignores blank-line runs and field-only events without data [WA-011]', async () => {
    expect(await parse('\n\n\nevent: nothing\n\nretry: 10\n\ndata: z\n\n')).toEqual([{ data: 'z' }]);
  });

  it('delivers a final event that lacks the closing blank line [WA-011]', async () => {
    expect(await parse('data: a\n\ndata: last')).toEqual([{ data: 'a' }, { data: 'last' }]);
  });

  it('splits events that arrive byte by byte exactly like whole ones [WA-011]', async () => {
    const text = 'data: {"i":0}\n\n: ping\r\n\r\ndata: {"i":1}\n\n';
    const encoded = new TextEncoder().encode(text);
    const single = Array.from(encoded, (byte) => Uint8Array.of(byte));
    expect(await parse(...single)).toEqual(await parse(text));
  });
});
