// WA-003, WA-012: every streamed event of the JSON-speaking engines must be a JSON
// object. Anything else means the endpoint is not the engine we were configured
// for (or a proxy is answering), which retrying will not fix, so it is a
// non-retriable INTERNAL error that names the engine and what to check.
import { AdapterError } from '../errors.js';
import type { EngineKind } from '../port.js';
import { asObject } from './json-readers.js';
import type { Json } from './json-readers.js';

export interface StreamEventSource {
  engine: EngineKind;
  /** The engine's name as operators know it, e.g. 'vLLM'. */
  name: string;
  /** Base URL of the engine, for the error message. */
  endpoint: string;
  /** What the endpoint should be, completing "check that the endpoint is …". */
  expected: string;
}

/** Parses one SSE event's data as a JSON object, or throws INTERNAL naming the engine. */
export function readEventObject(data: string, source: StreamEventSource): Json {
  let payload: Json | undefined;
  try {
    payload = asObject(JSON.parse(data));
  } catch {
    payload = undefined;
  }
  if (payload === undefined) {
    throw new AdapterError(
      'INTERNAL',
      `${source.name} at ${source.endpoint} streamed an event that is not a JSON object (${data.slice(0, 80)}); ` +
        `check that the endpoint is ${source.expected}`,
      { engine: source.engine, retriable: false },
    );
  }
  return payload;
}
