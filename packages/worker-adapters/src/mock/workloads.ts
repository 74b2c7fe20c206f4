// WA-014, WA-020: what the mock "model" sees and says for chat, infill and tools. Chat is
// rendered into one prompt text by a fixed template (the way a real engine applies the
// model's template), so a chat's output is a pure function of its messages like any
// prompt's. Tool calls come from configuration only: the mock makes the configured calls
// whose tools the request offers, streamed as a real engine streams them (name first,
// then the arguments' JSON text in pieces).
import type { ChatInput, CompletionRequest, ToolCallDelta } from '../port.js';
import { hashString } from './token-source.js';

/** One call the mock makes when a request offers its tool. */
export interface MockToolCall {
  name: string;
  /** The arguments object, or its JSON text verbatim. */
  arguments: Readonly<Record<string, unknown>> | string;
}

/** The chat template of the mock model: role markers, tool names, calls made earlier. */
export function renderMockChat(chat: ChatInput): string {
  const lines: string[] = [];
  const tools = chat.tools ?? [];
  if (tools.length > 0) lines.push(`<|tools|>${tools.map((tool) => tool.function.name).join(',')}`);
  for (const message of chat.messages) {
    const calls = (message.tool_calls ?? [])
      .map((call) => `<|call|>${call.function.name}${call.function.arguments}`)
      .join('');
    const answers = message.tool_call_id === undefined ? '' : `<|for|>${message.tool_call_id}`;
    lines.push(`<|${message.role}|>${answers}${message.content ?? ''}${calls}`);
  }
  lines.push('<|assistant|>');
  return lines.join('\n');
}

/** The prompt text the mock generates from: the raw prompt, the rendered chat, or the FIM frame. */
export function mockPromptOf(request: CompletionRequest): string {
  if (request.chat !== undefined) return renderMockChat(request.chat);
  if (request.infill !== undefined) {
    return `<|fim_prefix|>${request.prompt}<|fim_suffix|>${request.infill.suffix}<|fim_middle|>`;
  }
  return request.prompt;
}

/** The configured calls this request gets: only tools it offers, honouring tool_choice. */
export function chooseToolCalls(chat: ChatInput | undefined, configured: readonly MockToolCall[]) {
  const choice = chat?.tool_choice;
  if (chat === undefined || choice === 'none') return [];
  const offered = new Set((chat.tools ?? []).map((tool) => tool.function.name));
  const forced = typeof choice === 'object' ? choice.function.name : undefined;
  return configured.filter(
    (call) => offered.has(call.name) && (forced === undefined || call.name === forced),
  );
}

/** Splits text into up to `parts` non-empty pieces without cutting a character in two. */
function pieces(text: string, parts: number): string[] {
  const chars = Array.from(text);
  const size = Math.max(1, Math.ceil(chars.length / parts));
  const out: string[] = [];
  for (let at = 0; at < chars.length; at += size) out.push(chars.slice(at, at + size).join(''));
  return out;
}

/** Each call as deltas: one naming it (with an id derived from the prompt), then its arguments in three pieces. */
export function toolCallDeltas(calls: readonly MockToolCall[], prompt: string): ToolCallDelta[] {
  return calls.flatMap((call, index) => {
    const json = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    const id = `call_${hashString(`${prompt}|${index}|${call.name}`).toString(16).padStart(8, '0')}`;
    return [
      { index, id, name: call.name, arguments: '' },
      ...pieces(json, 3).map((piece) => ({ index, arguments: piece })),
    ];
  });
}
