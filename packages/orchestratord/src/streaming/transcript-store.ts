// ORCHD transcript retention (ORCHD-016, ORCHD-017, MET-035): finished transcripts stay
// readable for a bounded time and count, so a late reader still gets the full
// stream while memory stays bounded. Finish order equals expiry order because
// the retention time is one constant, so both bounds trim from the oldest end.
// Expiry is applied on every access and by one timer armed for the oldest
// transcript, so memory (and the transcripts_retained gauge) falls on time even
// when no request arrives; the timer never holds the process open.
import { createTranscript, type Transcript } from './transcript.js';

export interface TranscriptStoreOptions {
  /** How long a finished transcript stays readable. */
  retentionMs: number;
  /** Most finished transcripts kept at once; the oldest go first. */
  maxRetained: number;
  now?: () => number;
  /** Told when a finished transcript is dropped, so records keyed by the same task id can go too. */
  onExpire?: (taskId: string) => void;
  /** Told the number of retained transcripts each time it changes (MET-035). */
  onRetainedChange?: (retained: number) => void;
}

export interface TranscriptStore {
  create(taskId: string): Transcript;
  get(taskId: string): Transcript | undefined;
  /** Forgets a transcript that never got an event (its admission was refused after all). */
  discard(taskId: string): void;
  /** Transcripts whose task has not ended. */
  readonly liveCount: number;
  readonly retainedCount: number;
  /** Stops the expiry timer; retention still applies on access. */
  close(): void;
}

/** Expiries closer together than this are swept in one timer turn. */
const SWEEP_COALESCE_MS = 100;
/** Node timers overflow past 2^31-1 ms; a longer wait is re-armed. */
const MAX_TIMER_MS = 2_147_483_647;

export function createTranscriptStore(options: TranscriptStoreOptions): TranscriptStore {
  const now = options.now ?? Date.now;
  const live = new Map<string, Transcript>();
  // Insertion order is finish order, which is also expiry order.
  const finished = new Map<string, Transcript>();
  // Expiry times in the same order, from `head` on: a number per transcript, not an entry object.
  let expiries: number[] = [];
  let head = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  /** Drops what has expired or exceeds the count; true when anything was dropped. */
  const sweep = (): boolean => {
    const t = now();
    let dropped = false;
    for (const taskId of finished.keys()) {
      if ((expiries[head] ?? 0) > t && finished.size <= options.maxRetained) break;
      finished.delete(taskId);
      head += 1;
      dropped = true;
      options.onExpire?.(taskId);
    }
    if (finished.size === 0) {
      expiries = [];
      head = 0;
    } else if (head > 1024 && head * 2 > expiries.length) {
      expiries = expiries.slice(head);
      head = 0;
    }
    return dropped;
  };
  const expire = (): void => {
    if (sweep()) options.onRetainedChange?.(finished.size);
  };
  const arm = (): void => {
    if (timer !== undefined || closed || finished.size === 0) return;
    const wait = (expiries[head] ?? 0) - now();
    timer = setTimeout(
      () => {
        timer = undefined;
        expire();
        arm();
      },
      Math.min(MAX_TIMER_MS, Math.max(SWEEP_COALESCE_MS, wait)),
    );
    timer.unref();
  };

  const onTerminal = (transcript: Transcript): void => {
    live.delete(transcript.taskId);
    finished.set(transcript.taskId, transcript);
    expiries.push(now() + options.retentionMs);
    sweep();
    options.onRetainedChange?.(finished.size);
    arm();
  };

  return {
    create(taskId) {
      expire();
      if (live.has(taskId) || finished.has(taskId)) {
        throw new Error(`transcript for task ${taskId} already exists; task ids must be unique`);
      }
      const transcript = createTranscript(taskId, onTerminal);
      live.set(taskId, transcript);
      return transcript;
    },
    get(taskId) {
      expire();
      return live.get(taskId) ?? finished.get(taskId);
    },
    discard(taskId) {
      if (live.get(taskId)?.size === 0) live.delete(taskId);
    },
    get liveCount() {
      return live.size;
    },
    get retainedCount() {
      expire();
      return finished.size;
    },
    close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
