// What the consumer and provider pact suites share: names, where the pact
// lives, the example ids each interaction uses, and the provider states. The
// consumer writes contracts/pacts/llorch-cli-orchestratord.json; the provider
// replays it against the real orchestratord.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONSUMER = 'llorch-cli';
export const PROVIDER = 'orchestratord';
export const PACT_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../contracts/pacts',
);
export const PACT_FILE = path.join(PACT_DIR, `${CONSUMER}-${PROVIDER}.json`);

/** Distinct ids per interaction, so replaying one never collides with another on the same daemon. */
export const IDS = {
  admittedTask: '3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11',
  admittedSession: '9b2e4d6f-1a3c-4e5b-8d7f-2c4e6a8b0d22',
  finishedTask: '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c44',
  runningTask: '7c2d4e6f-8a0b-4c1d-9e2f-3a4b5c6d7e55',
  sessionWithTurn: '1d3f5a7c-9e1b-4d3f-8a5c-7e9b1d3f5a66',
  refusedTask: '2e4a6c8e-0a2c-4e6a-8c0e-2a4c6e8a0c77',
  refusedSession: '4a6c8e0a-2c4e-4a6c-9e0a-4c6e8a0c2e88',
  unknownTask: '6c8e0a2c-4e6a-4c8e-8a2c-6e8a0c2e4a99',
  chatSession: '8e0a2c4e-6a8c-4e0a-9c4e-8a0c2e4a6cb0',
  conversationSession: '0a2c4e6a-8c0e-4a2c-8e6a-0c2e4a6c8ec1',
};

/** A model name no pool serves, for the OpenAI-shaped 404. */
export const UNSERVED_MODEL = 'pact-unserved-model';

/** Pools the provider's daemon must configure. */
export const POOLS = {
  served: 'tiny-bigram',
  busy: 'busy',
  slow: 'slow',
  drain: 'drain-me',
  reload: 'reload-me',
} as const;

export const STATES = {
  poolReady: 'pool tiny-bigram is Ready',
  taskFinished: 'task 5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c44 has run to completion',
  taskRunning: 'task 7c2d4e6f-8a0b-4c1d-9e2f-3a4b5c6d7e55 is running',
  sessionWithTurn: 'session 1d3f5a7c-9e1b-4d3f-8a5c-7e9b1d3f5a66 has had one turn',
  queueFull: 'the queue of pool busy is full',
  modelAbsent: 'no model pact-new-model is registered',
  modelRegistered: 'a model is registered under the given id',
  drainReady: 'pool drain-me is Ready',
  reloadReady: 'pool reload-me is Ready',
  artifactStored: 'a plan artifact is stored',
} as const;

export const SHA256 = '9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f1a3c5e7b9d0f';
export const PLAN_CONTENT = '1. add the drain endpoint\n2. write its test';

/**
 * One SSE frame per `id:`/`event:`/`data:` group with single-line JSON data; heartbeat
 * comments may appear between frames; `started` first, `end` last. This is what
 * the CLI's parser relies on, and all it relies on (the tokens themselves vary).
 */
export const SSE_STREAM_PATTERN =
  '^(:[^\\n]*\\n\\n)*id: 0\\nevent: started\\ndata: \\{[^\\n]*\\}\\n\\n' +
  '((:[^\\n]*\\n\\n)|(id: [0-9]+\\nevent: (token|metrics)\\ndata: \\{[^\\n]*\\}\\n\\n))*' +
  'id: [0-9]+\\nevent: end\\ndata: \\{[^\\n]*"tokens_out":[0-9]+[^\\n]*\\}\\n\\n$';

/**
 * What `llorch chat` relies on in a /v1/chat/completions stream: `data:` lines of
 * single-line `chat.completion.chunk` JSON (comment keep-alives may sit between
 * them), one of them naming a finish reason, and `data: [DONE]` last. Text,
 * ids and usage figures vary; an error frame anywhere fails the match.
 */
const CHAT_CHUNK = 'data: \\{[^\\n]*"object":"chat\\.completion\\.chunk"[^\\n]*\\}\\n\\n';
const CHAT_FINISH = 'data: \\{[^\\n]*"finish_reason":"(stop|length)"[^\\n]*\\}\\n\\n';
const SSE_COMMENT = ':[^\\n]*\\n\\n';
export const CHAT_STREAM_PATTERN =
  `^((${SSE_COMMENT})|(${CHAT_CHUNK}))*${CHAT_FINISH}((${SSE_COMMENT})|(${CHAT_CHUNK}))*` +
  'data: \\[DONE\\]\\n\\n$';
