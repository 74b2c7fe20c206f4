// ORCHD admission input (ORCHD-001, ORCHD-005, data.yaml `TaskRequest`): the body of POST /v1/tasks,
// checked field by field against the contract before anything else runs.
// The type and every value list come from the contract; the checks are hand-rolled
// rather than schema-compiled so every refusal names the field and the fix, and so the
// admission hot path allocates almost nothing. A test keeps the field lists in step
// with contracts/openapi/data.yaml.
import { hash } from 'node:crypto';
import {
  DETERMINISM_MODES,
  ENGINES,
  KV_HINTS,
  PRIORITIES,
  WORKLOADS,
  type TaskRequest,
} from '@llama-orch/contracts';
import { canonicalJson } from '../control/canonical-json.js';
import { invalidParams, type OrchestratordError } from '../errors.js';
import { parseMessages, parseResponseFormat, parseStop, parseToolChoice, parseTools } from './chat-fields.js';

export type { TaskRequest };

export const REQUIRED_FIELDS = [
  'task_id',
  'session_id',
  'workload',
  'model_ref',
  'engine',
  'ctx',
  'priority',
  'max_tokens',
  'deadline_ms',
] as const;

const KNOWN_FIELDS = new Set<string>([
  ...REQUIRED_FIELDS,
  'seed',
  'determinism',
  'sampler_profile_version',
  'prompt',
  'messages',
  'tools',
  'tool_choice',
  'response_format',
  'stop',
  'suffix',
  'temperature',
  'top_p',
  'inputs',
  'expected_tokens',
  'kv_hint',
]);

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_SEED = 4_294_967_295;

const invalid = (message: string): OrchestratordError => invalidParams(message);

function oneOf<T extends string>(body: Record<string, unknown>, field: string, allowed: readonly T[]): T {
  const value = body[field];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(`body.${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function integer(
  body: Record<string, unknown>,
  field: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = body[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(
      `body.${field} must be an integer >= ${min}${max < Number.MAX_SAFE_INTEGER ? ` and <= ${max}` : ''}`,
    );
  }
  return value;
}

function decimal(
  body: Record<string, unknown>,
  field: string,
  min: number,
  max: number,
  minExclusive = false,
): number {
  const value = body[field];
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value > max ||
    (minExclusive ? value <= min : value < min)
  ) {
    throw invalid(`body.${field} must be a number ${minExclusive ? '>' : '>='} ${min} and <= ${max}`);
  }
  return value;
}

function text(body: Record<string, unknown>, field: string, minLength: number): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length < minLength) {
    throw invalid(
      `body.${field} must be a string${minLength > 0 ? ` of at least ${minLength} character` : ''}`,
    );
  }
  return value;
}

function uuid(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || !UUID.test(value)) throw invalid(`body.${field} must be a uuid`);
  return value.toLowerCase();
}

/** Validates an untrusted body; throws INVALID_PARAMS naming the first bad field. */
export function parseTaskRequest(body: unknown): TaskRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('body must be a JSON object (a TaskRequest)');
  }
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!KNOWN_FIELDS.has(key))
      throw invalid(`body.${key.slice(0, 64)} is not a TaskRequest field; remove it`);
  }
  for (const field of REQUIRED_FIELDS) {
    if (input[field] === undefined) throw invalid(`body.${field} is required`);
  }
  const request: TaskRequest = {
    task_id: uuid(input, 'task_id'),
    session_id: uuid(input, 'session_id'),
    workload: oneOf(input, 'workload', WORKLOADS),
    model_ref: text(input, 'model_ref', 1),
    engine: oneOf(input, 'engine', ENGINES),
    ctx: integer(input, 'ctx', 1),
    priority: oneOf(input, 'priority', PRIORITIES),
    max_tokens: integer(input, 'max_tokens', 1),
    deadline_ms: integer(input, 'deadline_ms', 1),
  };
  if (input.seed !== undefined) request.seed = integer(input, 'seed', 0, MAX_SEED);
  if (input.determinism !== undefined) request.determinism = oneOf(input, 'determinism', DETERMINISM_MODES);
  if (input.sampler_profile_version !== undefined) {
    request.sampler_profile_version = text(input, 'sampler_profile_version', 1);
  }
  if (input.prompt !== undefined) request.prompt = text(input, 'prompt', 0);
  if (input.inputs !== undefined) {
    const inputs = input.inputs;
    if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((i) => typeof i === 'string')) {
      throw invalid('body.inputs must be a non-empty array of strings');
    }
    request.inputs = [...(inputs as string[])];
  }
  if (input.expected_tokens !== undefined) request.expected_tokens = integer(input, 'expected_tokens', 0);
  if (input.kv_hint !== undefined) request.kv_hint = oneOf(input, 'kv_hint', KV_HINTS);
  parseGenerationFields(input, request);
  const sent = [request.prompt, request.messages, request.inputs].filter((v) => v !== undefined).length;
  if (sent !== 1) {
    throw invalid(
      'send exactly one of body.prompt (completion), body.messages (chat) or body.inputs (embedding, rerank)',
    );
  }
  checkWorkloadFields(request);
  return request;
}

function parseGenerationFields(input: Record<string, unknown>, request: TaskRequest): void {
  if (input.messages !== undefined) request.messages = parseMessages(input.messages, 'body.messages');
  if (input.tools !== undefined) request.tools = parseTools(input.tools, 'body.tools');
  if (input.tool_choice !== undefined)
    request.tool_choice = parseToolChoice(input.tool_choice, 'body.tool_choice');
  if (input.response_format !== undefined) {
    request.response_format = parseResponseFormat(input.response_format, 'body.response_format');
  }
  if (input.stop !== undefined) request.stop = parseStop(input.stop, 'body.stop');
  if (input.suffix !== undefined) request.suffix = text(input, 'suffix', 0);
  if (input.temperature !== undefined) request.temperature = decimal(input, 'temperature', 0, 2);
  if (input.top_p !== undefined) request.top_p = decimal(input, 'top_p', 0, 1, true);
}

/** Each workload takes its own input field; chat-only and completion-only fields say where they belong. */
function checkWorkloadFields(request: TaskRequest): void {
  const { workload } = request;
  const expected = workload === 'chat' ? 'messages' : workload === 'completion' ? 'prompt' : 'inputs';
  const given =
    request.messages !== undefined ? 'messages' : request.prompt !== undefined ? 'prompt' : 'inputs';
  if (expected !== given) throw invalid(`workload ${workload} takes body.${expected}, not body.${given}`);
  if (workload !== 'chat') {
    for (const field of ['tools', 'tool_choice', 'response_format'] as const) {
      if (request[field] !== undefined) throw invalid(`body.${field} applies to workload chat only`);
    }
  }
  if (request.suffix !== undefined && workload !== 'completion') {
    throw invalid('body.suffix (fill-in-the-middle) applies to workload completion only');
  }
}

/**
 * Digest of a validated request's canonical form: the idempotency key's body half (ORCHD-005).
 * A finished task keeps it for as long as its transcript is retained (MET-035) while its request
 * is let go, so it is a SHA-256 of the form rather than the form itself, which holds the prompt.
 */
export function fingerprint(request: TaskRequest): string {
  // A key-list replacer filters nested objects too (a message's role and content would vanish), so a
  // request that carries objects is written in the canonical form; flat ones keep the cheap path.
  const nested =
    request.messages !== undefined ||
    request.tools !== undefined ||
    typeof request.tool_choice === 'object' ||
    request.response_format !== undefined;
  const canonical = nested ? canonicalJson(request) : JSON.stringify(request, Object.keys(request).sort());
  return hash('sha256', canonical, 'base64');
}
