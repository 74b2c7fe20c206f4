// The paced engine's two stream formats, as llama-server writes them: the native
// /completion chunks (a final chunk with stop:true, no terminator) and the OpenAI
// chat stream of /v1/chat/completions (a role chunk, content deltas, a final chunk
// with finish_reason, the usage chunk when stream_options.include_usage asks for
// it, then `data: [DONE]`). Its "tokenizer" counts whitespace-separated words plus
// BOS, and its chat template is ChatML, so /apply-template followed by /tokenize
// gives the prompt count the chat stream reports.
import { randomUUID } from 'node:crypto';
import type { PacedFrames } from './paced-stream.js';

export const MODEL_PATH = 'paced.gguf';

export type Body = Record<string, unknown>;

/** Token count of a text as the paced engine's /tokenize reports it. */
export function countTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length + 1;
}

/** The prompt /apply-template renders for a chat (ChatML, ending in an open assistant turn). */
export function renderChat(messages: readonly unknown[]): string {
  const turns = messages.map((entry) => {
    const m = (entry ?? {}) as Body;
    const content = typeof m['content'] === 'string' ? m['content'] : '';
    return `<|im_start|>${String(m['role'] ?? 'user')}\n${content}<|im_end|>\n`;
  });
  return `${turns.join('')}<|im_start|>assistant\n`;
}

/** The token budget a body asks for, under the names llama-server accepts. */
export function tokensAsked(body: Body, fallback: number): number {
  const asked = body['max_completion_tokens'] ?? body['max_tokens'] ?? body['n_predict'];
  return typeof asked === 'number' && Number.isInteger(asked) && asked >= 0 ? asked : fallback;
}

const piece = (i: number): string => ` t${i % 100}`;

export function nativeFrames(total: number, promptTokens: number): PacedFrames {
  return {
    head: '',
    token: (i) =>
      `data: {"index":0,"content":"${piece(i)}","tokens":[${i}],"stop":false,"tokens_predicted":${i + 1}}\n\n`,
    tail: (ms) =>
      `data: {"index":0,"content":"","stop":true,"stop_type":"limit","tokens_predicted":${total},` +
      `"tokens_evaluated":${promptTokens},"timings":{"predicted_ms":${ms}}}\n\n`,
  };
}

export function chatFrames(total: number, promptTokens: number, includeUsage: boolean): PacedFrames {
  // Everything after `choices` is the same on every chunk of one reply.
  const meta =
    `"created":${Math.floor(Date.now() / 1000)},"id":"chatcmpl-${randomUUID()}",` +
    `"model":"${MODEL_PATH}","system_fingerprint":"paced-engine","object":"chat.completion.chunk"`;
  const chunk = (choices: string, extra = ''): string => `data: {"choices":[${choices}],${meta}${extra}}\n\n`;
  const choice = (delta: string, finish: string): string =>
    `{"finish_reason":${finish},"index":0,"delta":${delta}}`;
  return {
    head: chunk(choice('{"role":"assistant","content":null}', 'null')),
    token: (i) => chunk(choice(`{"content":"${piece(i)}"}`, 'null')),
    tail: (ms) => {
      let text = chunk(choice('{}', '"length"'), `,"timings":{"predicted_ms":${ms}}`);
      if (includeUsage) {
        const usage = `"completion_tokens":${total},"prompt_tokens":${promptTokens},"total_tokens":${total + promptTokens}`;
        text += chunk('', `,"usage":{${usage}}`);
      }
      return `${text}data: [DONE]\n\n`;
    },
  };
}
