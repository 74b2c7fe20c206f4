// ORCHD-066: reading OpenAI request bodies. Fields that would change the result
// and that we cannot honour (n > 1, logprobs, audio, image parts) are refused
// with a 400 naming the field; fields that do not change it (user, metadata,
// store, parallel_tool_calls …) are accepted and ignored. Bodies are read through
// views of compat.yaml's request types: the field names are the contract's, the
// values stay `unknown` until each reader has checked them.
import type { CompatSchemas, OpenAiChatMessage } from '@llama-orch/contracts';
import type { ChatMessage } from '@llama-orch/worker-adapters';
import { invalidParams, type OrchestratordError } from '../errors.js';
import type { Generation } from './compat-task.js';

export type Body = Record<string, unknown>;

/** The named fields of a schema (of each member, for a union), without its open index signature. */
type KnownKeys<T> = T extends unknown
  ? keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: 0 }
  : never;

/**
 * An untrusted object seen through its contract type: a field the contract renames or
 * drops fails tsc where it is read, and every value is `unknown` until checked by hand.
 */
export type Unchecked<T> = { readonly [K in KnownKeys<T>]?: unknown };

/** Fields that would change the result and are refused wherever they come (x-unsupported in compat.yaml). */
export interface RefusedOpenAiFields {
  n: unknown;
  logprobs: unknown;
  top_logprobs: unknown;
  audio: unknown;
  modalities: unknown;
  echo: unknown;
  best_of: unknown;
}

export function unsupported(param: string, why: string): OrchestratordError {
  return invalidParams(`${param} is not supported: ${why}`, {
    context: { param, openai_code: 'unsupported_parameter' },
  });
}

export function badField(param: string, expected: string): OrchestratordError {
  return invalidParams(`${param} must be ${expected}`, { context: { param } });
}

export const isObject = (value: unknown): value is Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A request body as an object, or a 400: any object fits a view whose fields are all optional. */
export function bodyOf(value: unknown): Body {
  if (!isObject(value)) throw badField('body', 'a JSON object');
  return value;
}

/** Refuses the result-changing fields no engine path here can honour. */
export function refuseUnsupported(body: Unchecked<RefusedOpenAiFields>): void {
  if (body.n !== undefined && body.n !== null && body.n !== 1) {
    throw unsupported('n', 'only one choice per request is generated; send n: 1 or leave it out');
  }
  if (body.logprobs === true || (typeof body.logprobs === 'number' && body.logprobs > 0)) {
    throw unsupported('logprobs', 'token log-probabilities are not relayed');
  }
  if (body.top_logprobs !== undefined && body.top_logprobs !== null && body.top_logprobs !== 0) {
    throw unsupported('top_logprobs', 'token log-probabilities are not relayed');
  }
  if (body.audio !== undefined && body.audio !== null) throw unsupported('audio', 'only text is served');
  if (Array.isArray(body.modalities) && body.modalities.some((m) => m !== 'text')) {
    throw unsupported('modalities', 'only text is served');
  }
  if (body.echo === true) throw unsupported('echo', 'the prompt is not echoed back');
  if (body.best_of !== undefined && body.best_of !== null && body.best_of !== 1) {
    throw unsupported('best_of', 'only one completion per request is generated');
  }
}

type TextPart = CompatSchemas['OpenAiTextPart'] | CompatSchemas['OpenAiResponseTextPart'];

/** Text of a message's content: a string, or text parts joined; other part types are refused. */
export function textContent(content: unknown, param: string): string | null {
  if (content === null || content === undefined) return null;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw badField(param, 'a string or an array of text parts');
  return content
    .map((part: unknown, i) => {
      if (!isObject(part)) throw badField(`${param}[${i}]`, 'a content part object');
      const p: Unchecked<TextPart> = part;
      if (p.type === 'text' || p.type === 'input_text' || p.type === 'output_text') {
        if (typeof p.text !== 'string') throw badField(`${param}[${i}].text`, 'a string');
        return p.text;
      }
      throw unsupported(
        `${param}[${i}].type`,
        `content parts of type ${String(p.type)} (images, audio, files) are not served; send text`,
      );
    })
    .join('');
}

/** OpenAI chat messages → the engine port's messages (developer is a system turn). */
export function chatMessages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0) throw badField('messages', 'a non-empty array');
  return value.map((entry: unknown, i) => {
    const at = `messages[${i}]`;
    if (!isObject(entry)) throw badField(at, 'a message object');
    const m: Unchecked<OpenAiChatMessage> = entry;
    const role = m.role === 'developer' ? 'system' : m.role;
    if (role !== 'system' && role !== 'user' && role !== 'assistant' && role !== 'tool') {
      throw badField(`${at}.role`, 'one of system, developer, user, assistant, tool');
    }
    const message: ChatMessage = { role, content: textContent(m.content, `${at}.content`) };
    if (Array.isArray(m.tool_calls) && m.tool_calls.length > 0)
      message.tool_calls = m.tool_calls as ChatMessage['tool_calls'];
    if (typeof m.tool_call_id === 'string') message.tool_call_id = m.tool_call_id;
    if (typeof m.name === 'string' && m.name !== '') message.name = m.name;
    if (message.content === null && message.tool_calls === undefined) message.content = '';
    return message;
  });
}

/** Optional numeric field: undefined when absent or null, else a number in range or a 400. */
export function optionalNumber<B extends object>(
  body: B,
  field: keyof B & string,
  min: number,
  max: number,
): number | undefined {
  const value: unknown = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw badField(field, `a number between ${min} and ${max}`);
  }
  return value;
}

export function optionalInteger<B extends object>(
  body: B,
  field: keyof B & string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const value = optionalNumber(body, field, min, max);
  if (value !== undefined && !Number.isInteger(value)) throw badField(field, `an integer >= ${min}`);
  return value;
}

/** stream_options.include_usage, on chat and legacy completions alike. */
export function includeUsageOf(value: unknown): boolean {
  if (!isObject(value)) return false;
  const options: Unchecked<CompatSchemas['OpenAiStreamOptions']> = value;
  return options.include_usage === true;
}

/** OpenAI's stop: a string or up to four strings (we take up to sixteen). */
export function stopOf(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) {
    throw badField('stop', 'a string or an array of strings');
  }
  const kept = (list as string[]).filter((s) => s !== '');
  return kept.length === 0 ? undefined : kept;
}

/** The sampling fields every OpenAI request shares: seed, temperature and top_p (0 means "unset"). */
export function samplingOf(body: {
  readonly seed?: unknown;
  readonly temperature?: unknown;
  readonly top_p?: unknown;
}): Pick<Generation, 'seed' | 'temperature' | 'top_p'> {
  const sampling: Pick<Generation, 'seed' | 'temperature' | 'top_p'> = {};
  const seed = optionalInteger(body, 'seed', 0);
  if (seed !== undefined) sampling.seed = seed;
  const temperature = optionalNumber(body, 'temperature', 0, 2);
  if (temperature !== undefined) sampling.temperature = temperature;
  const topP = optionalNumber(body, 'top_p', 0, 1);
  if (topP !== undefined && topP > 0) sampling.top_p = topP;
  return sampling;
}
