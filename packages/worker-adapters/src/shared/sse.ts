// WA-011: engines stream tokens as Server-Sent Events, but not all of them
// follow the spec to the letter (TGI omits the space after `data:`, llama.cpp
// pings with `:` comments and older builds sent a bare `error: {...}` line).
// One lenient parser keeps every adapter's framing rules identical.

export interface SseEvent {
  /** The `event:` field; `'error'` for llama.cpp's legacy `error: {...}` lines. */
  event?: string;
  /** All `data:` lines of the event joined with `\n`. */
  data: string;
  id?: string;
}

interface PendingEvent {
  event: string | undefined;
  id: string | undefined;
  data: string[];
}

const emptyEvent = (): PendingEvent => ({ event: undefined, id: undefined, data: [] });

function toEvent(pending: PendingEvent): SseEvent {
  const out: SseEvent = { data: pending.data.join('\n') };
  if (pending.event !== undefined) out.event = pending.event;
  if (pending.id !== undefined) out.id = pending.id;
  return out;
}

/** Applies one line to the pending event; returns true when the line ends an event. */
function applyLine(line: string, pending: PendingEvent): boolean {
  if (line === '') return true;
  if (line.startsWith(':')) return false;
  const colon = line.indexOf(':');
  const field = colon === -1 ? line : line.slice(0, colon);
  let value = colon === -1 ? '' : line.slice(colon + 1);
  if (value.startsWith(' ')) value = value.slice(1);
  switch (field) {
    case 'data':
      pending.data.push(value);
      break;
    case 'event':
      pending.event = value;
      break;
    case 'id':
      pending.id = value;
      break;
    case 'error':
      // Legacy llama.cpp framing: the payload rides on a non-standard field.
      pending.event = 'error';
      pending.data.push(value);
      break;
    default:
      // `retry:` and unknown fields carry nothing an adapter needs.
      break;
  }
  return false;
}

/**
 * Parses a byte stream into SSE events. Events split on blank lines; LF, CRLF
 * and lone CR all end a line; comment lines are skipped; an event still open
 * when the body ends cleanly is delivered rather than dropped.
 */
export async function* parseSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let pending = emptyEvent();

  function* drain(final: boolean): Generator<SseEvent> {
    let start = 0;
    for (;;) {
      let end = start;
      while (end < buffer.length && buffer[end] !== '\n' && buffer[end] !== '\r') end += 1;
      if (end >= buffer.length) break;
      // A CR at the very end may be the first half of a CRLF split across chunks.
      if (buffer[end] === '\r' && end === buffer.length - 1 && !final) break;
      const line = buffer.slice(start, end);
      start = buffer[end] === '\r' && buffer[end + 1] === '\n' ? end + 2 : end + 1;
      if (applyLine(line, pending)) {
        if (pending.data.length > 0) yield toEvent(pending);
        pending = emptyEvent();
      }
    }
    buffer = buffer.slice(start);
  }

  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    yield* drain(false);
  }
  buffer += decoder.decode();
  yield* drain(true);
  if (buffer !== '') applyLine(buffer, pending);
  if (pending.data.length > 0) yield toEvent(pending);
}
