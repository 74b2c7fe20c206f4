// ORCHD SSE payloads (ORCHD-011..ORCHD-015, ORCHD-025, OC-011): the event union a task's stream carries,
// built on data.yaml's frame schemas. `started` first, `metrics` interleaved, `token`
// numbered from 0, exactly one terminal `end` or `error`.
import type {
  ErrorEnvelope,
  SseEnd,
  SseMetrics,
  SseStarted,
  SseToken,
  SseToolCall,
  StreamCancelReason,
} from '@llama-orch/contracts';

// Frame data shapes are data.yaml's; the daemon only narrows what it always sends.
export type StartedFrame = SseStarted;
export type TokenFrame = SseToken;
export type ToolCallFrame = SseToolCall;
export type EndFrame = SseEnd;

/** Additive: readers must ignore fields they do not know. The daemon always sends these four. */
export type MetricsFrame = SseMetrics &
  Required<Pick<SseMetrics, 'phase' | 'queue_depth' | 'on_time_probability' | 'kv_warmth'>>;

/** MET-015 reasons for tasks_canceled_total: the stream's cancel reasons, plus the two that end in an error frame. */
export type CancelReason = StreamCancelReason | 'deadline' | 'watchdog';

export type StreamEvent =
  | { type: 'started'; data: StartedFrame }
  | { type: 'metrics'; data: MetricsFrame }
  | { type: 'token'; data: TokenFrame }
  | { type: 'tool_call'; data: ToolCallFrame }
  | { type: 'end'; data: EndFrame }
  | { type: 'error'; data: ErrorEnvelope };

export type TerminalEvent = Extract<StreamEvent, { type: 'end' | 'error' }>;

export function isTerminal(event: StreamEvent): event is TerminalEvent {
  return event.type === 'end' || event.type === 'error';
}

/** One SSE message; the id is the event's index in the task transcript (null: a frame outside any transcript). */
export function formatSseEvent(id: number | null, event: StreamEvent): string {
  return formatSseFrame(id, event.type, JSON.stringify(event.data));
}

/** The same message from its parts: a finished transcript rebuilds its frames with it, byte for byte. */
export function formatSseFrame(id: number | null, type: StreamEvent['type'], data: string): string {
  const idLine = id === null ? '' : `id: ${id}\n`;
  return `${idLine}event: ${type}\ndata: ${data}\n\n`;
}
