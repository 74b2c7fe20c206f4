// WA-013, WA-020: what every simulated chat engine does before decoding: validate the
// OpenAI chat fields, render the messages with the simulated model's chat template
// (ChatML, tools listed in the system turn), and decide whether the model answers with
// tool calls. Why: llama-server, vLLM and TGI all apply the model's own template and parse
// its tool calls; the simulators share one template so /apply-template, /tokenize and the
// usage chunk agree, and tool calls come from configuration (--tool-call), never prompts.
import { BadRequest } from './http-kit.js';
import type { SimToolCall } from './options.js';

export interface SimChatMessage {
  role: string;
  content: string;
  toolCalls: Array<{ name: string; arguments: string }>;
}

export interface SimChatRequest {
  messages: SimChatMessage[];
  /** Names of the offered function tools, in order. */
  tools: string[];
  /** 'auto' unless the request says 'none', 'required' or names one function. */
  toolChoice: string;
  toolsJson: unknown[];
}

function textOf(content: unknown, at: string): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  // OpenAI content parts: only text parts exist for a text-only model.
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) => {
        const text = (part as { text?: unknown } | null)?.text;
        if (typeof text !== 'string') throw new BadRequest(`${at}: only text content parts are supported`);
        return text;
      })
      .join('');
  }
  throw new BadRequest(`${at}: content must be a string, an array of text parts or null`);
}

/** Reads messages, tools and tool_choice the way the engines validate them (400 on bad shapes). */
export function readChatRequest(body: Record<string, unknown>): SimChatRequest {
  const raw = body['messages'];
  if (!Array.isArray(raw) || raw.length === 0) throw new BadRequest("'messages' must be a non-empty array");
  const messages = raw.map((entry: unknown, i): SimChatMessage => {
    const message = (entry ?? {}) as Record<string, unknown>;
    const role = message['role'];
    if (typeof role !== 'string') throw new BadRequest(`messages[${i}].role must be a string`);
    const calls = Array.isArray(message['tool_calls']) ? (message['tool_calls'] as unknown[]) : [];
    return {
      role,
      content: textOf(message['content'], `messages[${i}]`),
      toolCalls: calls.map((call) => {
        const fn = ((call as Record<string, unknown> | null)?.['function'] ?? {}) as Record<string, unknown>;
        const args = fn['arguments'];
        return {
          name: String(fn['name'] ?? ''),
          arguments: typeof args === 'string' ? args : JSON.stringify(args),
        };
      }),
    };
  });
  const toolsJson = Array.isArray(body['tools']) ? (body['tools'] as unknown[]) : [];
  const tools = toolsJson.map((tool, i) => {
    const name = (
      (tool as Record<string, unknown> | null)?.['function'] as Record<string, unknown> | undefined
    )?.['name'];
    if (typeof name !== 'string' || name === '')
      throw new BadRequest(`tools[${i}].function.name is required`);
    return name;
  });
  const choice = body['tool_choice'];
  const named = (choice as { function?: { name?: unknown } } | null)?.function?.name;
  const toolChoice =
    typeof choice === 'string' ? choice : typeof named === 'string' ? `function:${named}` : 'auto';
  return { messages, tools, toolChoice, toolsJson };
}

/** The simulated model's template: ChatML, with tools in the system turn and calls inline. */
export function renderChatPrompt(chat: Pick<SimChatRequest, 'messages' | 'toolsJson'>): string {
  let out = '';
  if (chat.toolsJson.length > 0) {
    out += `<|im_start|>system\nTools:\n${chat.toolsJson.map((tool) => JSON.stringify(tool)).join('\n')}<|im_end|>\n`;
  }
  for (const message of chat.messages) {
    const calls = message.toolCalls
      .map(
        (call) =>
          `<tool_call>{"name": ${JSON.stringify(call.name)}, "arguments": ${call.arguments}}</tool_call>`,
      )
      .join('');
    out += `<|im_start|>${message.role}\n${message.content}${calls}<|im_end|>\n`;
  }
  return `${out}<|im_start|>assistant\n`;
}

/** One streamed piece of a tool call: the first names it, the rest carry arguments text. */
export interface SimToolDelta {
  index: number;
  name?: string;
  arguments: string;
}

/** The configured calls this request gets: offered tools only, honouring tool_choice. */
export function plannedToolDeltas(configured: readonly SimToolCall[], chat: SimChatRequest): SimToolDelta[] {
  if (chat.toolChoice === 'none' || chat.tools.length === 0) return [];
  const forced = chat.toolChoice.startsWith('function:')
    ? chat.toolChoice.slice('function:'.length)
    : undefined;
  const calls = configured.filter(
    (call) => chat.tools.includes(call.name) && (forced === undefined || call.name === forced),
  );
  return calls.flatMap((call, index) => {
    const chars = Array.from(call.arguments);
    const size = Math.max(1, Math.ceil(chars.length / 3));
    const pieces: SimToolDelta[] = [];
    for (let at = 0; at < chars.length; at += size) {
      pieces.push({ index, arguments: chars.slice(at, at + size).join('') });
    }
    return [{ index, name: call.name, arguments: '' }, ...pieces];
  });
}
