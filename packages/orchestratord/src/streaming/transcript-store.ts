// ORCHD transcript retention (ORCHD-016, ORCHD-017): finished transcripts stay
// readable for a bounded time and count, so a late reader still gets the full
// stream while memory stays bounded. Expiry is swept lazily on access: finish
// order equals expiry order because the retention time is one constant.
import { createTranscript, type Transcript } from './transcript.js';

export interface TranscriptStoreOptions {
  /** How long a finished transcript stays readable. */
  retentionMs: number;
  /** Most finished transcripts kept at once; the oldest go first. */
  maxRetained: number;
  now?: () => number;
  /** Told when a finished transcript is dropped, so records keyed by the same task id can go too. */
  onExpire?: (taskId: string) => void;
}

export interface TranscriptStore {
  create(taskId: string): Transcript;
  get(taskId: string): Transcript | undefined;
  /** Forgets a transcript that never got an event (its admission was refused after all). */
  discard(taskId: string): void;
  /** Transcripts whose task has not ended. */
  readonly liveCount: number;
  readonly retainedCount: number;
}

export function createTranscriptStore(options: TranscriptStoreOptions): TranscriptStore {
  const now = options.now ?? Date.now;
  const live = new Map<string, Transcript>();
  // Insertion order is finish order, which is also expiry order.
  const finished = new Map<string, { transcript: Transcript; expiresAt: number }>();

  const sweep = (): void => {
    const t = now();
    for (const [taskId, entry] of finished) {
      if (entry.expiresAt > t && finished.size <= options.maxRetained) break;
      finished.delete(taskId);
      options.onExpire?.(taskId);
    }
  };

  const onTerminal = (transcript: Transcript): void => {
    live.delete(transcript.taskId);
    finished.set(transcript.taskId, { transcript, expiresAt: now() + options.retentionMs });
    sweep();
  };

  return {
    create(taskId) {
      sweep();
      if (live.has(taskId) || finished.has(taskId)) {
        throw new Error(`transcript for task ${taskId} already exists; task ids must be unique`);
      }
      const transcript = createTranscript(taskId, onTerminal);
      live.set(taskId, transcript);
      return transcript;
    },
    get(taskId) {
      sweep();
      return live.get(taskId) ?? finished.get(taskId)?.transcript;
    },
    discard(taskId) {
      if (live.get(taskId)?.size === 0) live.delete(taskId);
    },
    get liveCount() {
      return live.size;
    },
    get retainedCount() {
      sweep();
      return finished.size;
    },
  };
}
