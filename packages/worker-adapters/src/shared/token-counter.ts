// WA-004: the stream contract (tokens numbered 0, 1, 2 … then exactly one
// `end` whose tokens_out equals the number of token events) is enforced in
// one place instead of being re-derived by every adapter.
import type { CompletionEvent, CompletionStats } from '../port.js';

export interface TokenCounter {
  /** Number of token events issued so far. */
  readonly count: number;
  token(text: string): CompletionEvent;
  /** The terminal event; tokens_out is always the issued count. */
  end(stats: Omit<CompletionStats, 'tokens_out'>): CompletionEvent;
}

export function createTokenCounter(): TokenCounter {
  let count = 0;
  let ended = false;
  return {
    get count() {
      return count;
    },
    token(text) {
      if (ended) throw new Error('token after end: the adapter must stop reading after the terminal event');
      const event: CompletionEvent = { type: 'token', t: text, i: count };
      count += 1;
      return event;
    },
    end(stats) {
      if (ended) throw new Error('second end event: the adapter must emit exactly one terminal event');
      ended = true;
      return { type: 'end', stats: { ...stats, tokens_out: count } };
    },
  };
}
