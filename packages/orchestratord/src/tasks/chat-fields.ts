// ORCHD chat fields of a TaskRequest (ORCHD-061, data.yaml `ChatMessage`, `ChatTool`):
// messages, tools, tool_choice, response_format and stop, checked shape by shape
// so every refusal names the field path and what it should be. The engines'
// own chat templates render these; we only make sure they are well formed.
import type { ChatMessage, ChatTool, ChatToolCall, ResponseFormat, ToolChoice } from '@llama-orch/contracts';
import { invalidParams, type OrchestratordError } from '../errors.js';

export const CHAT_ROLES = ['system', 'user', 'assistant', 'tool'] as const;
export const MAX_STOP_SEQUENCES = 16;

export const invalidField = (message: string): OrchestratordError => invalidParams(message);

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function objectAt(value: unknown, path: string): Json {
  if (!isObject(value)) throw invalidField(`${path} must be an object`);
  return value;
}

function stringAt(value: unknown, path: string, minLength = 0): string {
  if (typeof value !== 'string' || value.length < minLength) {
    throw invalidField(`${path} must be a string${minLength > 0 ? ' of at least 1 character' : ''}`);
  }
  return value;
}

function toolCallAt(value: unknown, path: string): ChatToolCall {
  const call = objectAt(value, path);
  if (call.type !== undefined && call.type !== 'function')
    throw invalidField(`${path}.type must be "function"`);
  const fn = objectAt(call.function, `${path}.function`);
  return {
    id: stringAt(call.id, `${path}.id`, 1),
    type: 'function',
    function: {
      name: stringAt(fn.name, `${path}.function.name`, 1),
      arguments: stringAt(fn.arguments, `${path}.function.arguments`),
    },
  };
}

export function parseMessages(value: unknown, path: string): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidField(`${path} must be a non-empty array`);
  return value.map((entry, i) => {
    const at = `${path}[${i}]`;
    const input = objectAt(entry, at);
    const role = input.role;
    if (typeof role !== 'string' || !(CHAT_ROLES as readonly string[]).includes(role)) {
      throw invalidField(`${at}.role must be one of ${CHAT_ROLES.join(', ')}`);
    }
    const content = input.content;
    if (content !== null && typeof content !== 'string')
      throw invalidField(`${at}.content must be a string or null`);
    const message: ChatMessage = { role: role as ChatMessage['role'], content };
    if (input.tool_calls !== undefined) {
      if (role !== 'assistant') throw invalidField(`${at}.tool_calls is only allowed on assistant messages`);
      if (!Array.isArray(input.tool_calls)) throw invalidField(`${at}.tool_calls must be an array`);
      message.tool_calls = input.tool_calls.map((call, j) => toolCallAt(call, `${at}.tool_calls[${j}]`));
    }
    if (input.tool_call_id !== undefined)
      message.tool_call_id = stringAt(input.tool_call_id, `${at}.tool_call_id`, 1);
    if (role === 'tool' && message.tool_call_id === undefined) {
      throw invalidField(
        `${at}.tool_call_id is required on tool messages: name the call this result answers`,
      );
    }
    if (input.name !== undefined) message.name = stringAt(input.name, `${at}.name`, 1);
    if (content === null && message.tool_calls === undefined) {
      throw invalidField(`${at}.content may be null only on an assistant message with tool_calls`);
    }
    return message;
  });
}

export function parseTools(value: unknown, path: string): ChatTool[] {
  if (!Array.isArray(value)) throw invalidField(`${path} must be an array of function tools`);
  return value.map((entry, i) => {
    const at = `${path}[${i}]`;
    const tool = objectAt(entry, at);
    if (tool.type !== 'function')
      throw invalidField(`${at}.type must be "function" (only function tools are served)`);
    const fn = objectAt(tool.function, `${at}.function`);
    const parsed: ChatTool = {
      type: 'function',
      function: { name: stringAt(fn.name, `${at}.function.name`, 1) },
    };
    if (fn.description !== undefined)
      parsed.function.description = stringAt(fn.description, `${at}.function.description`);
    if (fn.parameters !== undefined)
      parsed.function.parameters = objectAt(fn.parameters, `${at}.function.parameters`);
    return parsed;
  });
}

export function parseToolChoice(value: unknown, path: string): ToolChoice {
  if (value === 'auto' || value === 'none' || value === 'required') return value;
  if (isObject(value) && value.type === 'function') {
    const fn = objectAt(value.function, `${path}.function`);
    return { type: 'function', function: { name: stringAt(fn.name, `${path}.function.name`, 1) } };
  }
  throw invalidField(
    `${path} must be "auto", "none", "required" or {"type":"function","function":{"name":…}}`,
  );
}

export function parseResponseFormat(value: unknown, path: string): ResponseFormat {
  const format = objectAt(value, path);
  if (format.type === 'text' || format.type === 'json_object') return { type: format.type };
  if (format.type === 'json_schema') {
    const spec = objectAt(format.json_schema, `${path}.json_schema`);
    const schema: ResponseFormat = {
      type: 'json_schema',
      json_schema: { name: typeof spec.name === 'string' ? spec.name : 'response' },
    };
    if (spec.schema !== undefined)
      schema.json_schema.schema = objectAt(spec.schema, `${path}.json_schema.schema`);
    if (typeof spec.strict === 'boolean') schema.json_schema.strict = spec.strict;
    return schema;
  }
  throw invalidField(`${path}.type must be one of text, json_object, json_schema`);
}

export function parseStop(value: unknown, path: string): string[] {
  const list = value;
  if (
    !Array.isArray(list) ||
    list.length > MAX_STOP_SEQUENCES ||
    !list.every((s) => typeof s === 'string' && s !== '')
  ) {
    throw invalidField(`${path} must be an array of at most ${MAX_STOP_SEQUENCES} non-empty strings`);
  }
  return [...(list as string[])];
}
