// WA-020: an adapter refuses a workload its engine kind cannot serve before it calls
// the engine, with INVALID_PARAMS naming the engines that can. The table of who serves
// what is ENGINE_FEATURES; this only reads it, so the refusal and GET /v1/capabilities
// can never disagree.
import { ENGINE_FEATURES, enginesWith } from '../engine-features.js';
import type { EngineFeature } from '../engine-features.js';
import { AdapterError } from '../errors.js';
import type { CompletionRequest, EngineKind } from '../port.js';

const DESCRIBED: Record<EngineFeature, string> = {
  chat: 'chat messages',
  tools: 'tools',
  infill: 'fill-in-the-middle (infill)',
  json_output: 'response_format json output',
};

/** The features a request needs beyond a raw completion, in a stable order. */
export function featuresNeeded(request: CompletionRequest): EngineFeature[] {
  const needed: EngineFeature[] = [];
  const { chat } = request;
  if (chat !== undefined) {
    needed.push('chat');
    if ((chat.tools ?? []).length > 0) needed.push('tools');
    const format = chat.response_format?.type;
    if (format !== undefined && format !== 'text') needed.push('json_output');
  }
  if (request.infill !== undefined) needed.push('infill');
  return needed;
}

function refuse(engine: EngineKind, message: string): never {
  throw new AdapterError('INVALID_PARAMS', message, { engine, retriable: false });
}

/** Throws INVALID_PARAMS unless `engine` serves everything the request needs. */
export function requireFeatures(request: CompletionRequest, engine: EngineKind): void {
  if (request.chat !== undefined && request.infill !== undefined) {
    refuse(engine, `a ${engine} request cannot be both chat and infill; send one or the other`);
  }
  if (request.chat !== undefined && request.chat.messages.length === 0) {
    refuse(engine, `a ${engine} chat request needs at least one message`);
  }
  const features = ENGINE_FEATURES[engine];
  for (const feature of featuresNeeded(request)) {
    if (features[feature]) continue;
    const others = enginesWith(feature);
    refuse(
      engine,
      `${engine} engines cannot serve ${DESCRIBED[feature]}; ` +
        (others.length > 0 ? `use a pool on ${others.join(', ')}` : 'no engine kind serves it'),
    );
  }
}
