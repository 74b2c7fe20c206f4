// ORCHD-064, ORCHD-065: how an agents'-endpoint reply follows its task. Both
// shapes read the task's transcript (the engine side only appends), so a slow
// client never slows the engine, and both cancel the task the moment the client
// goes away before the end (an SDK's AbortController, a closed socket): the
// engine call is aborted, the slot freed, and the cancel counted as `client`.
import type { ServerResponse } from 'node:http';
import type { DataPlane } from '../data-plane.js';
import { SSE_HEADERS } from '../streaming/sse-writer.js';
import type { StreamEvent } from '../streaming/stream-events.js';
import type { StartedTask } from './compat-task.js';

/** Turns transcript events into a protocol's SSE text. */
export interface StreamEncoder {
  /** Written once with the 200, before any event (e.g. Anthropic's message_start). */
  open(): string;
  /** Text for one event ('' to skip it); the terminal event's text closes the protocol's stream. */
  encode(event: StreamEvent): string;
  /** A keep-alive the protocol's clients ignore, sent while nothing else is written. */
  readonly keepAlive: string;
}

export type RelayOutcome = 'completed' | 'client-closed';

function cancelOnHangUp(plane: DataPlane, task: StartedTask, res: ServerResponse): () => void {
  const onClose = (): void => {
    if (task.transcript.terminal === undefined) plane.cancel(task.taskId);
  };
  res.once('close', onClose);
  return () => res.off('close', onClose);
}

/** Waits for the task's terminal event and returns all its events; a hang-up cancels the task. */
export function collectTask(
  plane: DataPlane,
  task: StartedTask,
  res: ServerResponse,
): Promise<StreamEvent[]> {
  const stopWatching = cancelOnHangUp(plane, task, res);
  return new Promise((resolve) => {
    const done = (): void => {
      if (task.transcript.terminal === undefined) return;
      unsubscribe();
      stopWatching();
      resolve([...task.transcript.eventsFrom(0)]);
    };
    const unsubscribe = task.transcript.subscribe(done);
    done();
  });
}

/** Streams the task as the encoder's SSE; appends within one event-loop turn go out in one write. */
export function relayTask(
  plane: DataPlane,
  task: StartedTask,
  res: ServerResponse,
  encoder: StreamEncoder,
  heartbeatMs: number,
): Promise<RelayOutcome> {
  const stopWatching = cancelOnHangUp(plane, task, res);
  return new Promise((resolve) => {
    res.writeHead(200, { ...SSE_HEADERS, ...task.headers });
    res.write(encoder.open());
    const { transcript } = task;
    let cursor = 0;
    let scheduled = false;
    let finished = false;
    let lastWriteAt = Date.now();
    const finish = (outcome: RelayOutcome): void => {
      if (finished) return;
      finished = true;
      unsubscribe();
      clearInterval(heartbeat);
      stopWatching();
      res.off('close', onClose);
      resolve(outcome);
    };
    const onClose = (): void => finish('client-closed');
    const flush = (): void => {
      scheduled = false;
      if (finished) return;
      let text = '';
      for (const event of transcript.eventsFrom(cursor)) text += encoder.encode(event);
      cursor = transcript.size;
      if (transcript.terminal !== undefined) {
        res.end(text);
        finish('completed');
        return;
      }
      if (text === '') return;
      lastWriteAt = Date.now();
      res.write(text);
    };
    const unsubscribe = transcript.subscribe(() => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(flush);
    });
    const heartbeat = setInterval(() => {
      if (finished || Date.now() - lastWriteAt < heartbeatMs) return;
      res.write(encoder.keepAlive);
      lastWriteAt = Date.now();
    }, heartbeatMs);
    heartbeat.unref();
    res.on('close', onClose);
    flush();
  });
}
