// ORCHD-070, ORCHD-066: a Responses request's `input` read as chat turns. Message
// items become turns (developer is a system turn), function_call items become the
// assistant's tool calls (calls in a row, and a call right after the assistant's
// text, share one assistant turn, as the model produced them), function_call_output
// items become tool turns, and reasoning items are dropped: no served model can
// read another model's reasoning. Any other item type, and image or file parts,
// is a 400 naming the item, because dropping it would answer a different question.
import type { OpenAiResponseInputItem } from '@llama-orch/contracts';
import type { ChatMessage } from '@llama-orch/worker-adapters';
import { badField, isObject, textContent, unsupported, type Unchecked } from './openai-fields.js';

/** An input item as sent: its fields named as compat.yaml's input items, its values still unchecked. */
type Item = Unchecked<OpenAiResponseInputItem>;

const ROLES: Readonly<Record<string, ChatMessage['role']>> = {
  user: 'user',
  system: 'system',
  developer: 'system',
  assistant: 'assistant',
};

function stringAt(item: Item, field: keyof Item, at: string): string {
  const value = item[field];
  if (typeof value !== 'string' || value === '') throw badField(`${at}.${field}`, 'a non-empty string');
  return value;
}

function messageOf(item: Item, at: string): ChatMessage {
  const role = typeof item.role === 'string' ? ROLES[item.role] : undefined;
  if (role === undefined) throw badField(`${at}.role`, 'one of user, system, developer, assistant');
  const content = textContent(item.content, `${at}.content`);
  if (content === null) throw badField(`${at}.content`, 'a string or an array of text parts');
  return { role, content };
}

/** The text a function_call_output carries: a string, or text parts joined. */
function outputOf(item: Item, at: string): string {
  const output = textContent(item.output, `${at}.output`);
  if (output === null) throw badField(`${at}.output`, 'a string or an array of text parts');
  return output;
}

/** Appends a call to the assistant turn just before it, or opens one. */
function addCall(messages: ChatMessage[], item: Item, at: string): void {
  if (typeof item.arguments !== 'string') throw badField(`${at}.arguments`, 'a string of JSON text');
  const call = {
    id: stringAt(item, 'call_id', at),
    type: 'function' as const,
    function: { name: stringAt(item, 'name', at), arguments: item.arguments },
  };
  const last = messages.at(-1);
  if (last?.role === 'assistant') {
    last.tool_calls = [...(last.tool_calls ?? []), call];
    return;
  }
  messages.push({ role: 'assistant', content: null, tool_calls: [call] });
}

/** `input` as chat turns; a string is one user turn. */
export function inputMessages(input: unknown): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (!Array.isArray(input) || input.length === 0) {
    throw badField('input', 'a string or a non-empty array of input items');
  }
  const messages: ChatMessage[] = [];
  input.forEach((entry: unknown, i) => {
    const at = `input[${i}]`;
    if (!isObject(entry)) throw badField(at, 'an input item object');
    const item: Item = entry;
    const type = item.type ?? (item.role === undefined ? undefined : 'message');
    if (type === 'message') messages.push(messageOf(item, at));
    else if (type === 'function_call') addCall(messages, item, at);
    else if (type === 'function_call_output') {
      messages.push({
        role: 'tool',
        content: outputOf(item, at),
        tool_call_id: stringAt(item, 'call_id', at),
      });
    } else if (type !== 'reasoning') {
      throw unsupported(
        `${at}.type`,
        `input items of type ${String(type)} are not served; send message, function_call, function_call_output or reasoning items`,
      );
    }
  });
  if (messages.length === 0) throw badField('input', 'at least one message or function call item');
  return messages;
}
