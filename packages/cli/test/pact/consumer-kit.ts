// Shared pieces of the consumer pact suite: the matchers for what every
// request carries (token, JSON body) and every response returns (correlation
// id), the request bodies the CLI builds, and the CLI itself, run in process
// against Pact's mock server.
import { MatchersV3 } from '@pact-foundation/pact';
import { runAgainst } from '../support/test-io.js';
import { SHA256 } from './pact-shared.js';

const { eachLike, integer, like, regex, uuid } = MatchersV3;

export const AUTH = { Authorization: regex('^Bearer \\S+$', 'Bearer pact-token') };
export const JSON_BODY = { 'Content-Type': regex('^application/json', 'application/json; charset=utf-8') };
export const CORRELATED = { 'X-Correlation-Id': like('7f3c2a9e-agent-42') };
export const SHA = (example = SHA256) => regex('^[0-9a-f]{64}$', example);
export const OUTCOME_SUCCESS = MatchersV3.matchStatus(201, MatchersV3.HTTPResponseStatusClass.Success);

export const cli = (url: string, argv: string[], stdin?: string) =>
  runAgainst(url, argv, {
    env: { LLORCH_API_TOKEN: 'pact-token' },
    ...(stdin === undefined ? {} : { stdin }),
  });

/** The body `llorch submit` sends for these options (pact request bodies are strict: no extra keys). */
export function taskBody(taskId: string, sessionId: string, model: string) {
  return {
    task_id: uuid(taskId),
    session_id: uuid(sessionId),
    workload: 'completion',
    model_ref: model,
    engine: 'llamacpp',
    ctx: integer(512),
    priority: regex('^(interactive|batch)$', 'interactive'),
    determinism: regex('^(strict|best_effort)$', 'strict'),
    seed: integer(42),
    prompt: like('the'),
    max_tokens: integer(16),
    deadline_ms: integer(60_000),
  };
}
export const submitArgs = (taskId: string, sessionId: string, model: string) => [
  'submit',
  '--task-id',
  taskId,
  '--session',
  sessionId,
  '--model',
  model,
  '--engine',
  'llamacpp',
  '--ctx',
  '512',
  '--seed',
  '42',
  '--max-tokens',
  '16',
  '--deadline',
  '60000',
];

export const catalogModel = (id: string, state: string) => ({
  id,
  digest: SHA(),
  source_url: like('https://example.org/models/pact-model.gguf'),
  tags: eachLike('pact', 0),
  manifests: eachLike({ path: like('model.gguf'), digest: SHA(), size_bytes: integer(1) }, 0),
  signatures: eachLike({ scheme: like('minisign'), signature: like('sig') }, 0),
  trust_policy: regex('^(permissive|strict)$', 'permissive'),
  state: regex('^(Draft|Canary|Active|Deprecated|Retired)$', state),
  sbom: null,
  created_at_ms: integer(1_764_000_000_000),
  updated_at_ms: integer(1_764_000_000_000),
  last_verification: null,
});

export const sseExample = [
  'id: 0\nevent: started\ndata: {"queue_position":0,"predicted_start_ms":0}\n\n',
  ...[' quick', ' brown', ' fox'].map(
    (t, i) => `id: ${i + 1}\nevent: token\ndata: ${JSON.stringify({ t, i })}\n\n`,
  ),
  'id: 4\nevent: end\ndata: {"tokens_out":3,"decode_ms":12}\n\n',
].join('');

/**
 * Pact's builder only stores non-JSON bodies as binary, which its verifier then
 * checks by sniffing bytes (`text/plain`), so an SSE body could never match.
 * The interaction underneath can store a text body; matching rules then apply to it.
 */
export function textBody<B>(builder: B, contentType: string, text: string): B {
  const { interaction } = builder as unknown as {
    interaction: { withResponseBody(body: string, contentType: string): void };
  };
  interaction.withResponseBody(text, contentType);
  return builder;
}
