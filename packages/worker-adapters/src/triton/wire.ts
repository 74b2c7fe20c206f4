// WA-018, WA-003, WA-004, WA-010, WA-020: Triton (KServe v2 + generate extension) readers
// and the request mapping for a TensorRT-LLM ensemble, as a wire call for the shared loop.
// The ensemble rejects inputs it does not declare and renamed its seed input
// (`random_seed` until 2025-05, `seed` after), so the body is built from the model's own
// metadata, not assumed. Its stream has no [DONE] and no finish reason: a clean end of
// body is the end, and the stop reason is inferred from the token count. It takes text
// only, so chat and infill are refused before anything is sent.
import { AdapterError } from '../errors.js';
import { isGreedy } from '../sampler-profiles.js';
import type { CompletionRequest } from '../port.js';
import type { DecodedItem, OpenWire } from '../shared/completion-stream.js';
import { asNumber, asObject, asString } from '../shared/json-readers.js';
import type { Json } from '../shared/json-readers.js';
import type { SseEvent } from '../shared/sse.js';
import { readEventObject } from '../shared/stream-event.js';
import { requireFeatures } from '../shared/workload-features.js';

/** Input tensor names from GET /v2/models/{m} (`inputs[].name`). */
export function readInputNames(metadata: unknown): Set<string> {
  const inputs = asObject(metadata)?.['inputs'];
  return new Set(Array.isArray(inputs) ? inputs.flatMap((i) => asString(asObject(i)?.['name']) ?? []) : []);
}

export function seedInputOf(inputs: ReadonlySet<string>): 'seed' | 'random_seed' | undefined {
  if (inputs.has('seed')) return 'seed';
  if (inputs.has('random_seed')) return 'random_seed';
  return undefined;
}

/**
 * The generate_stream body: top-level keys become input tensors. Knobs the model
 * does not declare are left out (min_p has no ensemble input). Greedy decoding is
 * top_k 1; top_k 0 and top_p 0 or 1 mean "off" in our profiles and are omitted.
 */
export function generateBody(
  request: CompletionRequest,
  inputs: ReadonlySet<string>,
  seedInput: string,
): Json {
  const { sampler } = request;
  const body: Json = {
    text_input: request.prompt,
    max_tokens: request.max_tokens,
    stream: true,
    [seedInput]: request.seed,
  };
  const offer = (name: string, value: number | boolean, when: boolean) => {
    if (when && inputs.has(name)) body[name] = value;
  };
  offer('exclude_input_in_output', true, true);
  if (isGreedy(sampler)) {
    offer('top_k', 1, true);
  } else {
    offer('temperature', sampler.temperature, true);
    offer('top_k', sampler.top_k, sampler.top_k > 0);
    offer('top_p', sampler.top_p, sampler.top_p > 0 && sampler.top_p < 1);
  }
  offer('repetition_penalty', sampler.repetition_penalty, sampler.repetition_penalty > 0);
  if (request.stop !== undefined && request.stop.length > 0) body['stop_words'] = [...request.stop];
  return body;
}

export function readError(event: Json): string | undefined {
  const error = event['error'];
  if (error === undefined || error === null) return undefined;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/**
 * Context and slots from GET /v2/models/{m}/config. Triton does not publish an
 * engine's max sequence length itself; model repositories that set a `max_seq_len`
 * (or `max_input_len`) parameter expose it, and `max_batch_size` bounds concurrency.
 */
export function readConfig(config: unknown): { ctx: number | undefined; slots: number | undefined } {
  const body = asObject(config) ?? {};
  const parameters = asObject(body['parameters']) ?? {};
  const param = (name: string) => {
    const raw = asString(asObject(parameters[name])?.['string_value']);
    const value = raw === undefined ? Number.NaN : Number(raw);
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  const batch = asNumber(body['max_batch_size']);
  return {
    ctx: param('max_seq_len') ?? param('max_input_len'),
    slots: batch !== undefined && batch > 0 ? batch : undefined,
  };
}

/**
 * Triton has no tokenizer endpoint (tokenizing happens inside the ensemble's
 * preprocessing model), so countTokens estimates: one token per 3 UTF-8 bytes,
 * which over-counts typical English BPE (about 4 bytes per token) on purpose so
 * context guardrails err on the safe side.
 */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(Buffer.byteLength(text, 'utf8') / 3));
}

export interface TritonWireOptions {
  endpoint: string;
  model: string;
  /** The model's declared input names (probed once per adapter). */
  inputs(signal?: AbortSignal): Promise<ReadonlySet<string>>;
}

export function tritonWire(options: TritonWireOptions): OpenWire {
  const { endpoint, model } = options;
  const source = {
    engine: 'triton',
    name: 'Triton',
    endpoint,
    expected: 'Triton with the generate extension',
  } as const;
  const refuse = (message: string): never => {
    throw new AdapterError('INVALID_PARAMS', message, { engine: 'triton', retriable: false });
  };
  const decode = (event: SseEvent): DecodedItem[] => {
    const payload = readEventObject(event.data, source);
    const error = readError(payload);
    if (error !== undefined) return [{ error: { status: 500, message: error } }];
    const text = payload['text_output'];
    return typeof text === 'string' ? [{ text }] : [];
  };
  return async (request) => {
    requireFeatures(request, 'triton');
    const inputs = await options.inputs(request.signal);
    const seedInput = seedInputOf(inputs);
    if (seedInput === undefined) {
      refuse(
        `Triton model "${model}" declares no seed input (seed or random_seed), so a seeded request cannot ` +
          'be honoured; deploy a model that exposes one',
      );
    }
    if ((request.stop ?? []).length > 0 && !inputs.has('stop_words')) {
      refuse(`Triton model "${model}" declares no stop_words input, so stop sequences cannot be honoured`);
    }
    return {
      path: `/v2/models/${encodeURIComponent(model)}/generate_stream`,
      body: generateBody(request, inputs, seedInput ?? 'seed'),
      decode,
      // A clean end of body is the only completion signal Triton gives; a crash breaks the body instead.
      endsWithBody: true,
      truncated: ({ tokens }) => `Triton at ${endpoint} ended the stream after ${tokens} tokens`,
    };
  };
}
