// ORCHD-069, ORCHD-066: reading an Anthropic Messages body as a chat task.
// Client tools become function tools (input_schema is the parameters schema);
// tool_choice auto/any/tool/none becomes auto/required/{function}/none.
// Refused with a 400 naming the field, since they would change the answer and
// cannot be honoured: server tools (a versioned `type` such as web_search: they
// run on the vendor's servers; agents fetch through POST /v1/tools/fetch) and
// `top_k` (sampling comes from the pool's versioned profile; only temperature
// and top_p may be overridden). Accepted and ignored, as they do not change
// the text: thinking, context_management, output_config, metadata,
// service_tier, container, mcp_servers, cache_control and beta headers.
import type {
  AnthropicCountTokensRequest,
  AnthropicMessagesRequest,
  CompatSchemas,
} from '@llama-orch/contracts';
import type { ChatTool, ToolChoice } from '@llama-orch/worker-adapters';
import { MAX_STOP_SEQUENCES } from '../tasks/chat-fields.js';
import { chatMessagesOf } from './anthropic-content.js';
import type { Generation } from './compat-task.js';
import {
  badField,
  bodyOf,
  isObject,
  optionalInteger,
  optionalNumber,
  unsupported,
  type Unchecked,
} from './openai-fields.js';

export interface MessagesOptions {
  stream: boolean;
  /** The stop sequences sent, to name the one that ended a reply when only one could have. */
  stopSequences: readonly string[];
}

/** `top_k` is read only to refuse it (x-unsupported in compat.yaml), so the request schema leaves it out. */
type MessagesBody = Unchecked<AnthropicMessagesRequest & { top_k: unknown }>;
type CountBody = Unchecked<AnthropicCountTokensRequest>;

const absent = (value: unknown): boolean => value === undefined || value === null;

function toolOf(value: unknown, at: string): ChatTool {
  if (!isObject(value)) throw badField(at, 'a tool object');
  const entry: Unchecked<CompatSchemas['AnthropicTool']> = value;
  if (!absent(entry.type) && entry.type !== 'custom') {
    throw unsupported(
      `${at}.type`,
      `server tool ${String(entry.type).slice(0, 64)} runs on Anthropic's servers; send client tools with an input_schema (web access: POST /v1/tools/fetch)`,
    );
  }
  if (typeof entry.name !== 'string' || entry.name === '') throw badField(`${at}.name`, 'a non-empty string');
  if (!isObject(entry.input_schema)) throw badField(`${at}.input_schema`, 'a JSON Schema object');
  const tool: ChatTool = { type: 'function', function: { name: entry.name, parameters: entry.input_schema } };
  if (typeof entry.description === 'string') tool.function.description = entry.description;
  return tool;
}

function toolsOf(value: unknown): ChatTool[] | undefined {
  if (absent(value)) return undefined;
  if (!Array.isArray(value)) throw badField('tools', 'an array of tools');
  const tools = value.map((entry: unknown, i) => toolOf(entry, `tools[${i}]`));
  return tools.length === 0 ? undefined : tools;
}

function toolChoiceOf(sent: unknown, tools: readonly ChatTool[]): ToolChoice | undefined {
  if (absent(sent)) return undefined;
  if (!isObject(sent)) throw badField('tool_choice', 'an object with type auto, any, tool or none');
  const value: Unchecked<CompatSchemas['AnthropicToolChoice']> = sent;
  switch (value.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool': {
      const name = value.name;
      if (typeof name !== 'string' || !tools.some((t) => t.function.name === name)) {
        throw badField('tool_choice.name', 'the name of one of the tools sent');
      }
      return { type: 'function', function: { name } };
    }
    default:
      throw badField('tool_choice.type', 'one of auto, any, tool, none');
  }
}

function stopSequencesOf(value: unknown): string[] {
  if (absent(value)) return [];
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) {
    throw badField('stop_sequences', 'an array of strings');
  }
  const kept = (value as string[]).filter((s) => s !== '');
  if (kept.length > MAX_STOP_SEQUENCES) {
    throw badField('stop_sequences', `at most ${MAX_STOP_SEQUENCES} strings`);
  }
  return kept;
}

/** The chat part both routes share: messages, tools and tool_choice. */
function chatOf(body: CountBody): Generation {
  const generation: Generation = {
    model: body.model,
    workload: 'chat',
    messages: chatMessagesOf(body.system, body.messages),
    // message_start reports input_tokens before anything is generated: it must be the real count.
    exactPromptTokens: true,
  };
  const tools = toolsOf(body.tools);
  if (tools === undefined) return generation;
  generation.tools = tools;
  const choice = toolChoiceOf(body.tool_choice, tools);
  if (choice !== undefined) generation.tool_choice = choice;
  return generation;
}

export function parseMessagesRequest(raw: unknown): { generation: Generation; options: MessagesOptions } {
  const body: MessagesBody = bodyOf(raw);
  if (!absent(body.top_k)) {
    throw unsupported('top_k', "sampling follows the pool's sampler profile; only temperature and top_p");
  }
  if (!absent(body.stream) && typeof body.stream !== 'boolean') throw badField('stream', 'a boolean');
  const maxTokens = optionalInteger(body, 'max_tokens', 1);
  if (maxTokens === undefined) throw badField('max_tokens', 'an integer >= 1 (the Messages API requires it)');
  const generation = chatOf(body);
  generation.max_tokens = maxTokens;
  const stopSequences = stopSequencesOf(body.stop_sequences);
  if (stopSequences.length > 0) generation.stop = stopSequences;
  const temperature = optionalNumber(body, 'temperature', 0, 1);
  if (temperature !== undefined) generation.temperature = temperature;
  const topP = optionalNumber(body, 'top_p', 0, 1);
  if (topP !== undefined && topP > 0) generation.top_p = topP;
  return { generation, options: { stream: body.stream === true, stopSequences } };
}

/** A count_tokens body: a Messages request without max_tokens; sampling fields are irrelevant. */
export function parseCountRequest(raw: unknown): Generation {
  const body: CountBody = bodyOf(raw);
  return chatOf(body);
}
