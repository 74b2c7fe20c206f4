// ORCHD admission input (ORCHD-003, ORCHD-017, data.yaml `TaskRequest`): the body of POST /v1/tasks,
// checked field by field against the contract before anything else runs.
// Hand-rolled rather than schema-compiled so every refusal names the field
// and the fix, and so the admission hot path allocates almost nothing.
// A test keeps this validator in step with contracts/openapi/data.yaml.
import { OrchestratordError } from '../errors.js';

export const WORKLOADS = ['completion', 'embedding', 'rerank'] as const;
export const ENGINES = ['llamacpp', 'vllm', 'tgi', 'triton'] as const;
export const PRIORITIES = ['interactive', 'batch'] as const;
export const DETERMINISM = ['strict', 'best_effort'] as const;
export const KV_HINTS = ['reuse', 'cold'] as const;

export interface TaskRequest {
  task_id: string;
  session_id: string;
  workload: (typeof WORKLOADS)[number];
  model_ref: string;
  engine: (typeof ENGINES)[number];
  ctx: number;
  priority: (typeof PRIORITIES)[number];
  seed?: number;
  determinism?: (typeof DETERMINISM)[number];
  sampler_profile_version?: string;
  prompt?: string;
  inputs?: string[];
  max_tokens: number;
  deadline_ms: number;
  expected_tokens?: number;
  kv_hint?: (typeof KV_HINTS)[number];
}

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
  'inputs',
  'expected_tokens',
  'kv_hint',
]);

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_SEED = 4_294_967_295;

const invalid = (message: string): OrchestratordError =>
  new OrchestratordError('INVALID_PARAMS', message, { status: 400, retriable: false });

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
  if (input.determinism !== undefined) request.determinism = oneOf(input, 'determinism', DETERMINISM);
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
  if ((request.prompt === undefined) === (request.inputs === undefined)) {
    throw invalid('send exactly one of body.prompt (completion) or body.inputs (embedding, rerank)');
  }
  return request;
}

/**
 * Canonical form of a validated request: the idempotency key's body half. The
 * string itself is compared (no hash): it is no larger than the request we keep anyway.
 */
export function fingerprint(request: TaskRequest): string {
  return JSON.stringify(request, Object.keys(request).sort());
}
