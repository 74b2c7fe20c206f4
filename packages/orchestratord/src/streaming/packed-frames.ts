// ORCHD-016, ORCHD-017, MET-035: the form a finished transcript is kept in while it is
// retained. One string holds every event as one line: a one-character type code, then the
// event's data exactly as its live frame carried it (the JSON). JSON escapes every line
// break inside a string, so a raw "\n" only ever ends a line and a line's position is its
// frame id: no offsets, ids or SSE field names are stored. Frames are rebuilt with the
// formatter the live frames came from, so every reader gets the same bytes; events are
// re-read from the JSON they were written as, which gives back equal objects.
import { formatSseFrame, type StreamEvent } from './stream-events.js';

type EventType = StreamEvent['type'];

const CODES: Readonly<Record<EventType, string>> = {
  started: 's',
  metrics: 'm',
  token: 't',
  tool_call: 'c',
  end: 'e',
  error: 'x',
};
const TYPES: ReadonlyMap<string, EventType> = new Map(
  Object.entries(CODES).map(([type, code]) => [code, type as EventType]),
);

/** Packs a transcript's events with their SSE frames (same index, same order) into one string. */
export function packFrames(events: readonly StreamEvent[], frames: readonly string[]): string {
  const parts: string[] = [];
  events.forEach((event, i) => {
    const frame = frames[i] ?? '';
    // The data line is the frame's last; slicing it out spares serializing the event again.
    parts.push(CODES[event.type], frame.slice(frame.indexOf('\ndata: ') + 7, -2), '\n');
  });
  // join copies every part into one flat string, so no slice keeps a live frame alive.
  return parts.join('');
}

/** Calls `visit` for each packed event from index `from` on, with its id, type and data JSON. */
function eachFrom(
  packed: string,
  from: number,
  visit: (id: number, type: EventType, data: string) => void,
): void {
  const first = Math.max(0, from);
  let start = 0;
  for (let skipped = 0; skipped < first && start < packed.length; skipped++)
    start = packed.indexOf('\n', start) + 1;
  for (let id = first; start < packed.length; id++) {
    const end = packed.indexOf('\n', start);
    const type = TYPES.get(packed.charAt(start));
    if (type === undefined || end < 0) throw new Error(`packed transcript is corrupt at event ${id}`);
    visit(id, type, packed.slice(start + 1, end));
    start = end + 1;
  }
}

/** The SSE text of the packed events [from, size), as the live transcript sent it. */
export function packedText(packed: string, from: number): string {
  const parts: string[] = [];
  eachFrom(packed, from, (id, type, data) => parts.push(formatSseFrame(id, type, data)));
  return parts.join('');
}

/** The packed events [from, size), parsed back from their data JSON. */
export function packedEvents(packed: string, from: number): StreamEvent[] {
  const events: StreamEvent[] = [];
  // Each line's code was written from its event's type, so the pair is one the union allows.
  eachFrom(packed, from, (_id, type, data) => events.push({ type, data: JSON.parse(data) } as StreamEvent));
  return events;
}
