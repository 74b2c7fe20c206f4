// ORCHD-064: a finished task's transcript read back as one reply: the text, the
// tool calls assembled from their deltas, why it stopped and the token usage.
// Every protocol's non-streamed encoder starts from this, and the streaming
// encoders use the same tool-call bookkeeping, so both shapes always agree.
import type { ErrorEnvelope } from '@llama-orch/contracts';
import { OrchestratordError } from '../errors.js';
import type { EndFrame, StreamEvent, ToolCallFrame } from '../streaming/stream-events.js';

export interface AssembledToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface TaskResult {
  text: string;
  toolCalls: AssembledToolCall[];
  stopReason: EndFrame['stop_reason'];
  promptTokens: number;
  completionTokens: number;
}

/** Keeps each tool call's id and name across its deltas; the engine's id wins, else one is made. */
export class ToolCallBook {
  private readonly calls = new Map<number, AssembledToolCall>();
  constructor(private readonly taskId: string) {}

  /** Records a delta; returns the call it belongs to and whether this delta opened it. */
  add(frame: ToolCallFrame): { call: AssembledToolCall; opened: boolean } {
    const existing = this.calls.get(frame.index);
    if (existing !== undefined) {
      if (frame.name !== undefined && existing.name === '') existing.name = frame.name;
      existing.arguments += frame.arguments;
      return { call: existing, opened: false };
    }
    const call = {
      id: frame.id ?? `call_${this.taskId.replaceAll('-', '').slice(0, 16)}_${frame.index}`,
      name: frame.name ?? '',
      arguments: frame.arguments,
    };
    this.calls.set(frame.index, call);
    return { call, opened: true };
  }

  list(): AssembledToolCall[] {
    return [...this.calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
  }
}

/** The error a stream's error frame carries, as a typed error for the protocol error reply. */
export function errorOf(envelope: ErrorEnvelope): OrchestratordError {
  return new OrchestratordError(envelope.code, envelope.message, {
    retriable: envelope.retriable ?? false,
    ...(envelope.retry_after_ms === undefined ? {} : { retryAfterMs: envelope.retry_after_ms }),
    context: { ...(envelope.engine === undefined ? {} : { engine: envelope.engine }) },
  });
}

/** Reads a finished transcript; throws the task's own error when it ended with one. */
export function assemble(
  taskId: string,
  events: readonly StreamEvent[],
  admittedPromptTokens: number,
): TaskResult {
  const book = new ToolCallBook(taskId);
  let text = '';
  let end: EndFrame | undefined;
  for (const event of events) {
    if (event.type === 'token') text += event.data.t;
    else if (event.type === 'tool_call') book.add(event.data);
    else if (event.type === 'error') throw errorOf(event.data);
    else if (event.type === 'end') end = event.data;
  }
  return {
    text,
    toolCalls: book.list(),
    stopReason: end?.stop_reason,
    promptTokens: end?.tokens_in ?? admittedPromptTokens,
    completionTokens: end?.completion_tokens ?? end?.tokens_out ?? 0,
  };
}

/** The usage figures of an end frame (prompt tokens fall back to the admission count). */
export function usageOf(end: EndFrame, admittedPromptTokens: number): { prompt: number; completion: number } {
  return {
    prompt: end.tokens_in ?? admittedPromptTokens,
    completion: end.completion_tokens ?? end.tokens_out,
  };
}
