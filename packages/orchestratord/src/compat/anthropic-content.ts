// ORCHD-069, ORCHD-066: Anthropic `system` and `messages` read as the engine
// port's chat messages. Text blocks become text; an assistant turn's tool_use
// blocks become its tool_calls; a user turn's tool_result blocks become `tool`
// messages, ahead of the turn's own text (Anthropic puts results first, and a
// chat template wants them right after the calls they answer). Thinking blocks
// replayed from earlier replies are dropped: no engine here takes them back.
// Image and document blocks would answer a different question if dropped, so
// they are refused with a 400 that names the block. `cache_control` and
// `citations` on blocks do not change the output and are ignored.
import type { AnthropicMessageParam, CompatSchemas } from '@llama-orch/contracts';
import type { ChatMessage, ChatToolCall } from '@llama-orch/worker-adapters';
import { invalidParams, type OrchestratordError } from '../errors.js';
import { badField, isObject, type Unchecked } from './openai-fields.js';

/** A block as sent: its fields named as compat.yaml's input blocks, its values still unchecked. */
type Block = Unchecked<CompatSchemas['AnthropicInputBlock']>;

/** Several text blocks of one turn become one text, a paragraph each. */
const BLOCK_SEPARATOR = '\n\n';
/** A failed tool's result reaches the model with this in front, since chat messages carry no flag. */
export const TOOL_ERROR_PREFIX = 'Error: ';

const DROPPED = new Set(['thinking', 'redacted_thinking']);

/** A block type nothing here can serve: a 400 in the message's own words, naming where it was. */
export function refusedBlock(at: string, type: unknown): OrchestratordError {
  const kind = typeof type === 'string' ? type.slice(0, 64) : 'untyped';
  const why =
    kind === 'image' || kind === 'document'
      ? `${kind} blocks are not served by llama-orch (no served pool runs a vision model); send text only`
      : `${kind} blocks are not served by llama-orch; send text, tool_use and tool_result blocks`;
  return invalidParams(`${at}: ${why}`, { context: { param: at } });
}

function misplaced(at: string, type: 'tool_use' | 'tool_result'): OrchestratordError {
  const turn = type === 'tool_use' ? 'assistant' : 'user';
  return invalidParams(`${at}: ${type} blocks belong in ${turn} turns`, { context: { param: at } });
}

/** A turn's content as blocks: a plain string is one text block. */
function blocksOf(content: unknown, at: string): Block[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw badField(at, 'a string or an array of content blocks');
  return content.map((block: unknown, i): Block => {
    if (!isObject(block)) throw badField(`${at}[${i}]`, 'a content block object');
    return block;
  });
}

function textOf(block: Block, at: string): string {
  if (typeof block.text !== 'string') throw badField(`${at}.text`, 'a string');
  return block.text;
}

/** Text-only content (system, tool results): a string, or text blocks joined. */
export function plainText(content: unknown, at: string): string {
  return blocksOf(content, at)
    .map((block, i) => {
      if (block.type !== 'text') throw refusedBlock(`${at}[${i}]`, block.type);
      return textOf(block, `${at}[${i}]`);
    })
    .join(BLOCK_SEPARATOR);
}

/** The `system` field as a system message, or none when it is absent or empty. */
export function systemMessage(system: unknown): ChatMessage[] {
  if (system === undefined || system === null) return [];
  const text = plainText(system, 'system');
  return text === '' ? [] : [{ role: 'system', content: text }];
}

function toolCallOf(block: Block, at: string): ChatToolCall {
  if (typeof block.id !== 'string' || block.id === '') throw badField(`${at}.id`, 'a non-empty string');
  if (typeof block.name !== 'string' || block.name === '') throw badField(`${at}.name`, 'a non-empty string');
  const input = block.input ?? {};
  if (!isObject(input)) throw badField(`${at}.input`, 'an object');
  return { id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(input) } };
}

function toolResultOf(block: Block, at: string): ChatMessage {
  if (typeof block.tool_use_id !== 'string' || block.tool_use_id === '') {
    throw badField(`${at}.tool_use_id`, 'a non-empty string');
  }
  const text =
    block.content === undefined || block.content === null ? '' : plainText(block.content, `${at}.content`);
  return {
    role: 'tool',
    tool_call_id: block.tool_use_id,
    content: block.is_error === true ? `${TOOL_ERROR_PREFIX}${text}` : text,
  };
}

/** One Anthropic turn as chat messages: tool results first, then the turn's text and tool calls. */
function turnMessages(sent: unknown, at: string): ChatMessage[] {
  if (!isObject(sent)) throw badField(at, 'a message object');
  const turn: Unchecked<AnthropicMessageParam> = sent;
  const role = turn.role;
  if (role !== 'user' && role !== 'assistant') throw badField(`${at}.role`, 'user or assistant');
  const texts: string[] = [];
  const calls: ChatToolCall[] = [];
  const results: ChatMessage[] = [];
  blocksOf(turn.content, `${at}.content`).forEach((block, i) => {
    const where = `${at}.content[${i}]`;
    if (block.type === 'text') texts.push(textOf(block, where));
    else if (block.type === 'tool_use' && role === 'assistant') calls.push(toolCallOf(block, where));
    else if (block.type === 'tool_result' && role === 'user') results.push(toolResultOf(block, where));
    else if (typeof block.type === 'string' && DROPPED.has(block.type)) return;
    else if (block.type === 'tool_use' || block.type === 'tool_result') throw misplaced(where, block.type);
    else throw refusedBlock(where, block.type);
  });
  const text = texts.join(BLOCK_SEPARATOR);
  if (role === 'user')
    return texts.length > 0 || results.length === 0 ? [...results, { role, content: text }] : results;
  if (calls.length === 0) return [{ role, content: text }];
  return [{ role, content: text === '' ? null : text, tool_calls: calls }];
}

/** `system` and `messages` as the engine port's chat messages. */
export function chatMessagesOf(system: unknown, messages: unknown): ChatMessage[] {
  if (!Array.isArray(messages) || messages.length === 0) throw badField('messages', 'a non-empty array');
  return [
    ...systemMessage(system),
    ...messages.flatMap((turn: unknown, i) => turnMessages(turn, `messages[${i}]`)),
  ];
}
