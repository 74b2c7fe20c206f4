// ORCHD SSE payloads (ORCHD-006, ORCHD-028, OC-011): the event union a task's stream
// carries, defined once. `started` first, `metrics` interleaved, `token`
// numbered from 0, exactly one terminal `end` or `error`.
import type { ErrorEnvelope } from '@llama-orch/contracts';

export interface StartedFrame {
  queue_position: number;
  predicted_start_ms: number;
}

/** Additive: readers must ignore fields they do not know. */
export interface MetricsFrame {
  phase: 'queued' | 'decoding';
  queue_depth: number;
  queue_position?: number;
  on_time_probability: number;
  kv_warmth: boolean;
  /** ORCHD-013: KV is never moved between replicas. */
  kv_migrated?: false;
  tokens_out?: number;
  tokens_budget_remaining?: number;
  time_budget_remaining_ms?: number;
  cost_budget_remaining?: number;
}

export interface TokenFrame {
  t: string;
  i: number;
}

/** Part of one tool call the model makes: name and id first, then the arguments' JSON text in pieces. */
export interface ToolCallFrame {
  index: number;
  id?: string;
  name?: string;
  arguments: string;
}

export interface EndFrame {
  tokens_out: number;
  decode_ms: number;
  /** Additive: why the engine stopped (eos, limit, stop_word, tool_calls); absent after a cancel. */
  stop_reason?: 'eos' | 'limit' | 'stop_word' | 'tool_calls';
  /** Additive: prompt tokens as the engine counted them. */
  tokens_in?: number;
  /** Additive: the engine's count of generated tokens (tool calls included) where it reports one. */
  completion_tokens?: number;
  /** ORCHD-028: present and true when the task ended by cancellation. */
  canceled?: true;
  /** Additive: the cancel reason (client, drain, shutdown, abandoned) when canceled. */
  reason?: CancelReason;
}

/** MET-015 reasons for tasks_canceled_total. */
export type CancelReason = 'client' | 'deadline' | 'watchdog' | 'drain' | 'shutdown' | 'abandoned';

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
  const idLine = id === null ? '' : `id: ${id}\n`;
  return `${idLine}event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
