// ORCHD stream transcript (ORCHD-015, ORCHD-016, ORCHD-024): each task's events are
// recorded once, numbered, and pre-serialized. Readers drain it at their own
// pace, so a slow client never slows the engine or other streams; a late or
// second reader and a `Last-Event-ID` resume get exactly the same bytes.
// Nothing is appended after the terminal event: a cancel that wrote its
// terminal frame first is race-free by construction.
import { formatSseEvent, isTerminal, type StreamEvent, type TerminalEvent } from './stream-events.js';

export interface Transcript {
  readonly taskId: string;
  /** Number of recorded events; also the id the next event will get. */
  readonly size: number;
  readonly terminal: TerminalEvent | undefined;
  /** Records an event; false (and ignored) once the transcript has ended. */
  append(event: StreamEvent): boolean;
  /** Serialized SSE text of events [from, size). */
  textFrom(from: number): string;
  eventsFrom(from: number): readonly StreamEvent[];
  /** Called after every append; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Live subscribers (stream readers) right now. */
  readonly readers: number;
}

export function createTranscript(taskId: string, onTerminal?: (t: Transcript) => void): Transcript {
  const events: StreamEvent[] = [];
  const frames: string[] = [];
  const listeners = new Set<() => void>();
  let terminal: TerminalEvent | undefined;

  const transcript: Transcript = {
    taskId,
    get size() {
      return events.length;
    },
    get terminal() {
      return terminal;
    },
    append(event) {
      if (terminal !== undefined) return false;
      frames.push(formatSseEvent(events.length, event));
      events.push(event);
      if (isTerminal(event)) terminal = event;
      for (const listener of [...listeners]) listener();
      if (terminal !== undefined) {
        listeners.clear();
        onTerminal?.(transcript);
      }
      return true;
    },
    textFrom(from) {
      if (from >= frames.length) return '';
      return from <= 0 ? frames.join('') : frames.slice(from).join('');
    },
    eventsFrom(from) {
      return events.slice(Math.max(0, from));
    },
    get readers() {
      return listeners.size;
    },
    subscribe(listener) {
      if (terminal !== undefined) return () => undefined;
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return transcript;
}
