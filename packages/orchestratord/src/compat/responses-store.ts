// ORCHD-070: the conversations `previous_response_id` continues from, kept in
// memory only and bounded both ways by config (compat.responses): at most
// max_stored of them, none older than retention_ms. Entries go in finishing
// order, so the oldest is always first and both bounds trim from the front. A
// continued conversation shares its earlier turns' objects with the entry it
// came from, so a long chain costs one array of references per response, not
// one copy of the text per response; nothing here ever mutates a stored turn.
// A response belongs to the client whose request produced it (ORCHD-098): another
// client naming it gets the same 404 as for one that is not held.
import type { ChatMessage } from '@llama-orch/worker-adapters';
import type { ClientIdentity } from '../clients/client-identity.js';
import { notFound, type OrchestratordError } from '../errors.js';

export interface ResponseStoreOptions {
  retentionMs: number;
  maxStored: number;
  /** Milliseconds, the data plane's clock. */
  now: () => number;
}

interface Entry {
  storedAt: number;
  conversation: readonly ChatMessage[];
  client: string;
}

export interface ResponseStore {
  /** Keeps a finished response's whole conversation (its input turns and its output turn), and whose it is. */
  put(responseId: string, conversation: readonly ChatMessage[], client: string): void;
  /** The conversation `asker` may continue (its own, or any for the owner), or a 404 naming the retention. */
  conversation(responseId: string, asker: ClientIdentity): readonly ChatMessage[];
  readonly size: number;
}

function describeRetention(options: ResponseStoreOptions): string {
  const ms = options.retentionMs;
  const span =
    ms % 3_600_000 === 0
      ? `${ms / 3_600_000} h`
      : ms % 60_000 === 0
        ? `${ms / 60_000} min`
        : ms % 1000 === 0
          ? `${ms / 1000} s`
          : `${ms} ms`;
  return `responses are kept in memory for ${span} (compat.responses.retention_ms), at most ${options.maxStored} of them (compat.responses.max_stored), and not at all when sent with store: false`;
}

function notHeld(responseId: string, options: ResponseStoreOptions): OrchestratordError {
  return notFound(
    `previous response ${responseId.slice(0, 128)} is not held here (${describeRetention(options)}); send the whole conversation in input`,
    { context: { param: 'previous_response_id', openai_code: 'previous_response_not_found' } },
  );
}

export function createResponseStore(options: ResponseStoreOptions): ResponseStore {
  const entries = new Map<string, Entry>();
  const trim = (now: number): void => {
    for (const [id, entry] of entries) {
      if (entries.size <= options.maxStored && now - entry.storedAt < options.retentionMs) return;
      entries.delete(id);
    }
  };
  return {
    put(responseId, conversation, client) {
      const now = options.now();
      entries.delete(responseId);
      entries.set(responseId, { storedAt: now, conversation, client });
      trim(now);
    },
    conversation(responseId, asker) {
      trim(options.now());
      const entry = entries.get(responseId);
      if (entry === undefined || (!asker.owner && entry.client !== asker.name))
        throw notHeld(responseId, options);
      return entry.conversation;
    },
    get size() {
      return entries.size;
    },
  };
}
