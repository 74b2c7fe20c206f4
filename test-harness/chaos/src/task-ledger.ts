// Every task a chaos run got admitted, and how its stream ended. A stream is
// read to the server's close (not just to the first terminal frame), so a
// second terminal, or a frame after the terminal, is seen, not hidden. Each
// read is bounded: a stream that never ends is a finding, not a hang. A task
// canceled for a cause the test never gave (a hang-up, a cancel, a drain that
// began after its submission) is a finding too.
import { randomUUID } from 'node:crypto';
import { parseSse } from '@llama-orch/worker-adapters';
import { taskBody, terminals } from './index.js';
import type { Frame, Stack } from './index.js';

/** How an admitted task's stream is read: to its end, or cut by the client and re-read afterwards. */
export type Reading = 'streamed' | 'hung-up';

export interface TrackedTask {
  taskId: string;
  poolId: string;
  reading: Reading;
  /** Every frame the server sent until it closed the stream; rejects when the stream outlives its bound. */
  frames: Promise<Frame[]>;
  /** Drains of its pool issued before it was submitted. */
  drainsBefore: number;
  /** A Cancel command named it. */
  canceled: boolean;
}

/** Reads GET /v1/tasks/{id}/stream until the server closes it, within `boundMs`. */
export async function readToClose(stack: Stack, taskId: string, boundMs: number): Promise<Frame[]> {
  const frames: Frame[] = [];
  const signal = AbortSignal.timeout(boundMs);
  try {
    const response = await stack.api(`/v1/tasks/${taskId}/stream`, { signal });
    if (response.status !== 200) throw new Error(`stream of ${taskId} answered ${response.status}`);
    for await (const event of parseSse(response.body!)) {
      frames.push({
        event: event.event ?? 'message',
        data: JSON.parse(event.data) as Record<string, unknown>,
      });
    }
  } catch (err) {
    if (!signal.aborted) throw err;
    throw new Error(
      `stream of task ${taskId} did not end within ${boundMs} ms; frames so far: ${JSON.stringify(frames.slice(-3))}`,
    );
  }
  return frames;
}

/** Why a stream's frames break "ended exactly once with `end` or a typed `error`"; undefined when they don't. */
export function endedOnceProblem(frames: readonly Frame[]): string | undefined {
  const ends = terminals(frames);
  if (ends.length !== 1) return `${ends.length} terminal frames`;
  if (frames.at(-1) !== ends[0]) return 'frames after the terminal frame';
  const [end] = ends;
  if (end!.event === 'error' && typeof end!.data['code'] !== 'string') return 'error frame without a code';
  return undefined;
}

export class TaskLedger {
  readonly tasks: TrackedTask[] = [];
  private readonly drains = new Map<string, number>();

  constructor(
    private readonly stack: Stack,
    private readonly boundMs: number,
  ) {}

  /** Starts reading an admitted task's stream in the background. */
  track(taskId: string, poolId: string, reading: Reading = 'streamed'): void {
    const frames = readToClose(this.stack, taskId, this.boundMs);
    frames.catch(() => undefined); // judged at settle time, not as an unhandled rejection
    this.tasks.push({
      taskId,
      poolId,
      reading,
      frames,
      drainsBefore: this.drainsOf(poolId),
      canceled: false,
    });
  }

  /** Records a drain of `poolId`: the tasks tracked so far may end canceled with reason `drain`. */
  drained(poolId: string): void {
    this.drains.set(poolId, this.drainsOf(poolId) + 1);
  }

  private drainsOf(poolId: string): number {
    return this.drains.get(poolId) ?? 0;
  }

  /** Why a task's cancellation has no cause in what the test did; undefined when it has one (or none is needed). */
  cancelProblem(task: TrackedTask, frames: readonly Frame[]): string | undefined {
    const [end] = terminals(frames);
    if (end?.data['canceled'] !== true) return undefined;
    const reason = end.data['reason'];
    if (reason === 'client' && task.reading !== 'hung-up' && !task.canceled)
      return 'canceled for the client, which neither hung up nor canceled it';
    if (reason === 'drain' && this.drainsOf(task.poolId) === task.drainsBefore)
      return 'canceled by a drain, but no drain of its pool began after it was submitted';
    return undefined;
  }

  /**
   * Submits with the stream as the answer (Accept: text/event-stream); once admitted, hangs up
   * after `afterMs` or the first frame, whichever comes first. Returns the submission's status.
   */
  async hangUp(poolId: string, fields: Record<string, unknown>, afterMs: number): Promise<number> {
    const taskId = randomUUID();
    const controller = new AbortController();
    const response = await this.stack.api('/v1/tasks', {
      method: 'POST',
      body: JSON.stringify(taskBody(taskId, fields)),
      headers: { accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      return response.status;
    }
    const firstFrame = response.body!.getReader().read();
    firstFrame.catch(() => undefined);
    await Promise.race([firstFrame, new Promise((resolve) => setTimeout(resolve, afterMs))]);
    controller.abort();
    this.track(taskId, poolId, 'hung-up');
    return response.status;
  }

  /** One of the tracked tasks (`pick` modulo their number), or undefined when there is none. */
  pick(pick: number): TrackedTask | undefined {
    return this.tasks.length === 0 ? undefined : this.tasks[pick % this.tasks.length];
  }

  /** Waits for every tracked stream; each is already bounded by `boundMs`. */
  async settle(): Promise<{ task: TrackedTask; frames?: Frame[]; failure?: string }[]> {
    return Promise.all(
      this.tasks.map(async (task) => {
        try {
          return { task, frames: await task.frames };
        } catch (err) {
          return { task, failure: (err as Error).message };
        }
      }),
    );
  }

  clear(): void {
    this.tasks.length = 0;
    this.drains.clear();
  }
}
