// CLI-007, CLI-013: the OpenAI-compatible chat route as `llorch chat` sees
// it. Requests go through the client generated from contracts/openapi/compat.yaml;
// the stream is checked at the edge here, one `data:` line at a time, because
// the typed client hands a streamed body over as raw bytes.
import type { OpenAiChatCompletionRequest } from '@llama-orch/contracts';
import { z } from 'zod';

/** Names the task that serves a completion; orchestratord sets it on every generation answer. */
export const TASK_ID_HEADER = 'X-Llorch-Task-Id';

/** The messages the CLI itself sends: plain text turns. */
export type ChatMessage = {
  role: 'system' | 'user' | 'assistant';
  content: string;
};

export type ChatCompletionRequest = OpenAiChatCompletionRequest & { messages: ChatMessage[] };

const faultSchema = z.object({
  message: z.string(),
  type: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
});
export type OpenAiFault = z.infer<typeof faultSchema>;

const errorBodySchema = z.object({ error: faultSchema });

/** `{error: {message, type, code}}`, the OpenAI error envelope, in a response body or a stream frame. */
export function openAiFault(body: unknown): OpenAiFault | undefined {
  const parsed = errorBodySchema.safeParse(body);
  return parsed.success ? parsed.data.error : undefined;
}

const toolCallDeltaSchema = z.object({
  index: z.int().min(0),
  id: z.string().nullish(),
  function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});
export type ToolCallDelta = z.infer<typeof toolCallDeltaSchema>;

const usageSchema = z.object({ prompt_tokens: z.number(), completion_tokens: z.number() });
export type ChatUsage = z.infer<typeof usageSchema>;

const chunkSchema = z.object({
  choices: z
    .array(
      z.object({
        index: z.int().optional(),
        delta: z
          .object({ content: z.string().nullish(), tool_calls: z.array(toolCallDeltaSchema).nullish() })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .default([]),
  usage: usageSchema.nullish(),
});

/** What one `data:` line of a chat stream means; one chunk may say several things. */
export type ChatStreamEvent =
  | { type: 'text'; text: string }
  | { type: 'tool-call'; delta: ToolCallDelta }
  | { type: 'finish'; reason: string }
  | { type: 'usage'; usage: ChatUsage }
  | { type: 'error'; fault: OpenAiFault }
  | { type: 'done' };

export interface DecodedData {
  /** The frame's JSON as sent (for --json); undefined for `[DONE]`. */
  raw: unknown;
  events: ChatStreamEvent[];
}

/** Pure: one SSE `data` payload of /v1/chat/completions; undefined when it is not a chat frame at all. */
export function decodeChatData(data: string): DecodedData | undefined {
  if (data.trim() === '[DONE]') return { raw: undefined, events: [{ type: 'done' }] };
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return undefined;
  }
  const fault = openAiFault(raw);
  if (fault !== undefined) return { raw, events: [{ type: 'error', fault }] };
  const chunk = chunkSchema.safeParse(raw);
  if (!chunk.success) return undefined;
  const events: ChatStreamEvent[] = [];
  // The CLI never asks for n > 1, so only the first choice is ours.
  for (const choice of chunk.data.choices.filter((c) => (c.index ?? 0) === 0)) {
    const content = choice.delta?.content;
    if (content !== undefined && content !== null && content !== '')
      events.push({ type: 'text', text: content });
    for (const delta of choice.delta?.tool_calls ?? []) events.push({ type: 'tool-call', delta });
    if (typeof choice.finish_reason === 'string')
      events.push({ type: 'finish', reason: choice.finish_reason });
  }
  if (chunk.data.usage !== undefined && chunk.data.usage !== null)
    events.push({ type: 'usage', usage: chunk.data.usage });
  return { raw, events };
}

export interface ToolCall {
  name: string;
  arguments: string;
}

/** Pure: tool calls arrive as pieces keyed by index (name first, arguments in fragments). */
export function collectToolCalls(deltas: readonly ToolCallDelta[]): ToolCall[] {
  const calls = new Map<number, ToolCall>();
  for (const delta of deltas) {
    const call = calls.get(delta.index) ?? { name: '', arguments: '' };
    const name = delta.function?.name ?? '';
    // Some servers repeat the name on every piece instead of sending it once.
    if (name !== call.name) call.name += name;
    call.arguments += delta.function?.arguments ?? '';
    calls.set(delta.index, call);
  }
  return [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
}

export function describeToolCall(call: ToolCall): string {
  return `tool call: ${call.name || '(unnamed)'}(${call.arguments})`;
}
