// ORCHD-070, ORCHD-066: reading a POST /v1/responses body. Function tools come in
// the flat Responses shape and go to the engine in the chat shape; tools of any
// other type (web_search, local_shell, custom, file_search …) are skipped, not
// refused: Codex CLI and others list some of them by default, and a model that
// is never offered a tool never calls it. Fields that cannot change the output
// here (store, include, reasoning, prompt_cache_key, client_metadata,
// parallel_tool_calls, metadata, user, service_tier, truncation) are accepted and
// ignored; ones that would (background, conversation, prompt templates, image or
// file input) are refused with a 400 naming the field.
import type { CompatSchemas, OpenAiResponseRequest } from '@llama-orch/contracts';
import type { ChatMessage, ChatTool, ResponseFormat, ToolChoice } from '@llama-orch/worker-adapters';
import type { Generation } from './compat-task.js';
import {
  badField,
  bodyOf,
  isObject,
  optionalInteger,
  optionalNumber,
  refuseUnsupported,
  unsupported,
  type Body,
  type RefusedOpenAiFields,
  type Unchecked,
} from './openai-fields.js';
import { inputMessages } from './responses-input.js';

type FunctionTool = CompatSchemas['OpenAiResponseFunctionTool'];
type ChatShapedTool = CompatSchemas['OpenAiChatTool'];
type ResponsesToolChoice = NonNullable<OpenAiResponseRequest['tool_choice']>;

/**
 * Fields read here that compat.yaml's OpenAiResponseRequest does not list: `text` (its
 * format is served, as response_format), the echoed `parallel_tool_calls` and `metadata`,
 * and the refused `background`, `conversation` and `prompt`.
 */
interface UnlistedFields {
  text: unknown;
  parallel_tool_calls: unknown;
  metadata: unknown;
  background: unknown;
  conversation: unknown;
  prompt: unknown;
}

type ResponsesBody = Unchecked<OpenAiResponseRequest & UnlistedFields & RefusedOpenAiFields>;

/** Request fields a response object repeats back, as the SDKs' Response type has them. */
export interface ResponseEcho {
  instructions: string | null;
  tools: FunctionTool[];
  tool_choice: ResponsesToolChoice;
  parallel_tool_calls: boolean;
  temperature: number | null;
  top_p: number | null;
  max_output_tokens: number | null;
  previous_response_id: string | null;
  text: { format: Body };
  metadata: Body;
  store: boolean;
}

export interface ResponsesRequest {
  /** Everything but the messages, which the route puts together with any earlier conversation. */
  generation: Omit<Generation, 'messages'>;
  /** The system turn `instructions` makes; never carried to a later response (as OpenAI does). */
  instructions: ChatMessage | undefined;
  /** This request's own turns, in order. */
  input: ChatMessage[];
  stream: boolean;
  /** store: false (Codex sends it) keeps the conversation out of the previous_response_id store. */
  store: boolean;
  echo: ResponseEcho;
}

const given = (value: unknown): boolean => value !== undefined && value !== null;

/** The function tools of `tools`, checked; other tool types are left out. */
function functionTools(value: unknown): FunctionTool[] {
  if (!given(value)) return [];
  if (!Array.isArray(value)) throw badField('tools', 'an array of tools');
  return value.flatMap((entry: unknown, i) => {
    if (!isObject(entry)) throw badField(`tools[${i}]`, 'a tool object');
    return entry.type === 'function' ? [functionToolOf(entry, `tools[${i}]`)] : [];
  });
}

/** A flat Responses function tool (or, leniently, a Chat-shaped one), in the flat shape. */
function functionToolOf(tool: Unchecked<FunctionTool | ChatShapedTool>, at: string): FunctionTool {
  const spec: Unchecked<FunctionTool | ChatShapedTool['function']> =
    isObject(tool.function) && tool.name === undefined ? tool.function : tool;
  if (typeof spec.name !== 'string' || spec.name === '') throw badField(`${at}.name`, 'a non-empty string');
  const flat: FunctionTool = { type: 'function', name: spec.name, parameters: null, strict: null };
  if (typeof spec.description === 'string') flat.description = spec.description;
  else if (given(spec.description)) throw badField(`${at}.description`, 'a string');
  if (isObject(spec.parameters)) flat.parameters = spec.parameters;
  else if (given(spec.parameters)) throw badField(`${at}.parameters`, 'a JSON Schema object');
  if (typeof spec.strict === 'boolean') flat.strict = spec.strict;
  return flat;
}

/** A function tool as the engine takes it (the Chat shape). */
function chatToolOf(tool: FunctionTool): ChatTool {
  const fn: ChatTool['function'] = { name: tool.name };
  if (typeof tool.description === 'string') fn.description = tool.description;
  if (tool.parameters !== undefined && tool.parameters !== null) fn.parameters = tool.parameters;
  return { type: 'function', function: fn };
}

function toolChoiceOf(value: unknown): ResponsesToolChoice | undefined {
  if (!given(value)) return undefined;
  if (value === 'auto' || value === 'none' || value === 'required') return value;
  if (isObject(value)) {
    const choice: Unchecked<ResponsesToolChoice> = value;
    if (choice.type === 'function' && typeof choice.name === 'string' && choice.name !== '') {
      return { type: 'function', name: choice.name };
    }
  }
  throw badField('tool_choice', '"auto", "none", "required" or {"type":"function","name":…}');
}

/** The same choice as the engine takes it (the Chat shape). */
const chatChoiceOf = (choice: ResponsesToolChoice): ToolChoice =>
  typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };

/** `text.format` asks for JSON output: the chat response_format that says the same. */
function responseFormatOf(text: unknown): ResponseFormat | undefined {
  if (!given(text)) return undefined;
  if (!isObject(text)) throw badField('text', 'an object');
  const format = text.format;
  if (!given(format)) return undefined;
  if (!isObject(format)) throw badField('text.format', 'an object');
  if (format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type !== 'json_schema')
    throw badField('text.format.type', 'one of text, json_object, json_schema');
  if (!isObject(format.schema)) throw badField('text.format.schema', 'a JSON Schema object');
  const name = typeof format.name === 'string' && format.name !== '' ? format.name : 'response';
  return {
    type: 'json_schema',
    json_schema: {
      name,
      schema: format.schema,
      ...(typeof format.strict === 'boolean' ? { strict: format.strict } : {}),
    },
  };
}

function refuseResponsesOnly(body: ResponsesBody): void {
  if (body.background === true) throw unsupported('background', 'responses are answered on the request');
  if (given(body.conversation)) {
    throw unsupported(
      'conversation',
      'conversations are not kept; use previous_response_id or send the input',
    );
  }
  if (given(body.prompt)) throw unsupported('prompt', 'stored prompt templates are not served');
  if (given(body.stream) && typeof body.stream !== 'boolean') throw badField('stream', 'a boolean');
  if (given(body.instructions) && typeof body.instructions !== 'string') {
    throw badField('instructions', 'a string');
  }
  const previous = body.previous_response_id;
  if (given(previous) && (typeof previous !== 'string' || previous === '')) {
    throw badField('previous_response_id', 'the id of an earlier response');
  }
}

export function parseResponsesRequest(raw: unknown): ResponsesRequest {
  const body: ResponsesBody = bodyOf(raw);
  refuseUnsupported(body);
  refuseResponsesOnly(body);
  const served = functionTools(body.tools);
  const generation: Omit<Generation, 'messages'> = { model: body.model, workload: 'chat' };
  if (served.length > 0) generation.tools = served.map(chatToolOf);
  const toolChoice = toolChoiceOf(body.tool_choice);
  if (toolChoice !== undefined && generation.tools !== undefined) {
    generation.tool_choice = chatChoiceOf(toolChoice);
  }
  const format = responseFormatOf(body.text);
  if (format !== undefined) generation.response_format = format;
  const maxTokens = optionalInteger(body, 'max_output_tokens', 1);
  if (maxTokens !== undefined) generation.max_tokens = maxTokens;
  const temperature = optionalNumber(body, 'temperature', 0, 2);
  if (temperature !== undefined) generation.temperature = temperature;
  const topP = optionalNumber(body, 'top_p', 0, 1);
  if (topP !== undefined && topP > 0) generation.top_p = topP;
  const instructions = typeof body.instructions === 'string' ? body.instructions : null;
  return {
    generation,
    instructions:
      instructions === null || instructions === '' ? undefined : { role: 'system', content: instructions },
    input: inputMessages(body.input),
    stream: body.stream === true,
    store: body.store !== false,
    echo: {
      instructions,
      tools: served,
      tool_choice: toolChoice ?? 'auto',
      parallel_tool_calls: body.parallel_tool_calls !== false,
      temperature: temperature ?? null,
      top_p: topP ?? null,
      max_output_tokens: maxTokens ?? null,
      previous_response_id: typeof body.previous_response_id === 'string' ? body.previous_response_id : null,
      text: {
        format: isObject(body.text) && isObject(body.text.format) ? body.text.format : { type: 'text' },
      },
      metadata: isObject(body.metadata) ? body.metadata : {},
      store: body.store !== false,
    },
  };
}
