// ORCHD-064, ORCHD-065: how an agents'-endpoint reply follows its task. Both
// shapes read the task's transcript (the engine side only appends), so a slow
// client never slows the engine, and both cancel the task the moment the client
// goes away before the end (an SDK's AbortController, a closed socket): the
// engine call is aborted, the slot freed, and the cancel counted as `client`.
import type { ServerResponse } from 'node:http';
import type { DataPlane } from '../data-plane.js';
import { streamTranscript, type SseOutcome, type StreamEncoder } from '../streaming/sse-writer.js';
import type { StreamEvent } from '../streaming/stream-events.js';
import type { StartedTask } from './compat-task.js';

export type { StreamEncoder };

export type RelayOutcome = SseOutcome;

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

/** Streams the task as the encoder's SSE through the one transcript relay (sse-writer.ts). */
export async function relayTask(
  plane: DataPlane,
  task: StartedTask,
  res: ServerResponse,
  encoder: StreamEncoder,
  heartbeatMs: number,
): Promise<RelayOutcome> {
  const stopWatching = cancelOnHangUp(plane, task, res);
  try {
    return await streamTranscript(res, task.transcript, {
      from: 0,
      heartbeatMs,
      headers: task.headers,
      encoder,
    });
  } finally {
    stopWatching();
  }
}
