// ORCHD stream transcript (ORCHD-015, ORCHD-016, ORCHD-024, MET-035): each task's events are
// recorded once, numbered, and pre-serialized. Readers drain it at their own
// pace, so a slow client never slows the engine or other streams; a late or
// second reader and a `Last-Event-ID` resume get exactly the same bytes.
// Nothing is appended after the terminal event: a cancel that wrote its
// terminal frame first is race-free by construction. At that moment the
// transcript packs itself into one string (packed-frames.ts) and drops its
// event objects, frames and subscriber set: a finished transcript is retained
// for replay by the thousand, a live one is read while it grows.
import { packFrames, packedEvents, packedText } from './packed-frames.js';
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

/** What a transcript holds until its terminal event; index i of each array is event i. */
interface LiveState {
  readonly events: StreamEvent[];
  readonly frames: string[];
  readonly listeners: Set<() => void>;
}

const NO_EVENTS: readonly StreamEvent[] = Object.freeze([]);

class TaskTranscript implements Transcript {
  size = 0;
  terminal: TerminalEvent | undefined = undefined;
  /** Until the end; then `packed` holds every event. */
  private live: LiveState | undefined = { events: [], frames: [], listeners: new Set() };
  private packed = '';

  constructor(
    readonly taskId: string,
    private onTerminal: ((t: Transcript) => void) | undefined,
  ) {}

  append(event: StreamEvent): boolean {
    const { live } = this;
    if (live === undefined) return false;
    live.frames.push(formatSseEvent(this.size, event));
    live.events.push(event);
    this.size += 1;
    if (isTerminal(event)) this.terminal = event;
    for (const listener of [...live.listeners]) listener();
    if (this.terminal !== undefined) {
      // Listeners ran first, on the live form; readers they scheduled find the packed one.
      this.packed = packFrames(live.events, live.frames);
      this.live = undefined;
      const onTerminal = this.onTerminal;
      this.onTerminal = undefined;
      onTerminal?.(this);
    }
    return true;
  }

  textFrom(from: number): string {
    const { live } = this;
    if (live === undefined) return from >= this.size ? '' : packedText(this.packed, from);
    if (from >= live.frames.length) return '';
    return from <= 0 ? live.frames.join('') : live.frames.slice(from).join('');
  }

  eventsFrom(from: number): readonly StreamEvent[] {
    const { live } = this;
    if (live === undefined) return from >= this.size ? NO_EVENTS : packedEvents(this.packed, from);
    return live.events.slice(Math.max(0, from));
  }

  get readers(): number {
    return this.live?.listeners.size ?? 0;
  }

  subscribe(listener: () => void): () => void {
    const listeners = this.live?.listeners;
    if (listeners === undefined) return () => undefined;
    listeners.add(listener);
    return () => listeners.delete(listener);
  }
}

export function createTranscript(taskId: string, onTerminal?: (t: Transcript) => void): Transcript {
  return new TaskTranscript(taskId, onTerminal);
}
