// ORCHD-070, ORCHD-066: reading a POST /v1/responses body. Function tools come in
// the flat Responses shape and go to the engine in the chat shape; tools of any
// other type (web_search, local_shell, custom, file_search …) are skipped, not
// refused: Codex CLI and others list some of them by default, and a model that
// is never offered a tool never calls it. Fields that cannot change the output
// here (store, include, reasoning, prompt_cache_key, client_metadata,
// parallel_tool_calls, metadata, user, service_tier, truncation) are accepted and
// ignored; ones that would (background, conversation, prompt templates, image or
// file input) are refused with a 400 naming the field.
import type { CompatSchemas, OpenAiResponse, OpenAiResponseRequest } from '@llama-orch/contracts';
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
  type RefusedOpenAiFields,
  type Unchecked,
} from './openai-fields.js';
import { inputMessages } from './responses-input.js';

type FunctionTool = CompatSchemas['OpenAiResponseFunctionTool'];
type ChatShapedTool = CompatSchemas['OpenAiChatTool'];
type ResponsesToolChoice = CompatSchemas['OpenAiResponseToolChoice'];
type TextFormat = CompatSchemas['OpenAiResponseTextFormat'];
type JsonSchemaFormat = Extract<TextFormat, { type: 'json_schema' }>;

type ResponsesBody = Unchecked<OpenAiResponseRequest & RefusedOpenAiFields>;

/** The request's settings a response repeats back, with their defaults filled in. */
export type ResponseEcho = Pick<
  OpenAiResponse,
  | 'instructions'
  | 'tools'
  | 'tool_choice'
  | 'parallel_tool_calls'
  | 'temperature'
  | 'top_p'
  | 'max_output_tokens'
  | 'previous_response_id'
  | 'text'
  | 'metadata'
  | 'store'
>;

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

/** `text.format`, checked; plain text when absent, and a nameless json_schema is named `response`. */
function textFormatOf(text: unknown): TextFormat {
  if (!given(text)) return { type: 'text' };
  if (!isObject(text)) throw badField('text', 'an object');
  if (!given(text.format)) return { type: 'text' };
  if (!isObject(text.format)) throw badField('text.format', 'an object');
  const format: Unchecked<TextFormat> = text.format;
  if (format.type === 'text' || format.type === 'json_object') return { type: format.type };
  if (format.type !== 'json_schema')
    throw badField('text.format.type', 'one of text, json_object, json_schema');
  if (!isObject(format.schema)) throw badField('text.format.schema', 'a JSON Schema object');
  const name = typeof format.name === 'string' && format.name !== '' ? format.name : 'response';
  const checked: JsonSchemaFormat = { type: 'json_schema', name, schema: format.schema };
  if (typeof format.description === 'string') checked.description = format.description;
  if (typeof format.strict === 'boolean') checked.strict = format.strict;
  return checked;
}

/** A JSON text format as the engine takes it (the chat response_format); plain text needs none. */
function responseFormatOf(format: TextFormat): ResponseFormat | undefined {
  if (format.type !== 'json_schema') return format.type === 'text' ? undefined : format;
  const strict = typeof format.strict === 'boolean' ? { strict: format.strict } : {};
  return { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, ...strict } };
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
  const textFormat = textFormatOf(body.text);
  const format = responseFormatOf(textFormat);
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
      text: { format: textFormat },
      metadata: isObject(body.metadata) ? body.metadata : {},
      store: body.store !== false,
    },
  };
}
