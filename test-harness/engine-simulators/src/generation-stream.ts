// WA-009, WA-013: the response lifecycle every simulated engine shares around one generation.
// Why: each front-end formats steps in its own wire shape, but all of them must notice a client
// that went away (the engine's cancellation path), open the event stream the same way, close it
// when the steps run out, and drop the socket quietly on abort; one copy keeps that identical.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GenerationStep } from './engine-core.js';
import { disconnectSignal, isAbort, startEventStream } from './http-kit.js';

export interface GenerationResponseOptions {
  /** true: answer as an event stream, ended here once the steps run out. */
  stream: boolean;
  /** Event-stream content type, where the engine names a charset. */
  contentType?: string;
  /** Starts the generation; the signal fires when the client disconnects. */
  steps: (signal: AbortSignal) => AsyncIterable<GenerationStep>;
  /** Writes one step; returns 'done' when the response is finished and no step may follow. */
  onStep: (step: GenerationStep) => 'done' | void;
  /**
   * Close the connection once a streamed reply is finished, though its headers say keep-alive:
   * llama-server does this after every stream, so a client must not reuse that connection (WA-023).
   */
  hangUpAfterStream?: boolean;
}

export async function serveGeneration(
  req: IncomingMessage,
  res: ServerResponse,
  options: GenerationResponseOptions,
): Promise<void> {
  const { stream } = options;
  const signal = disconnectSignal(req, res);
  if (stream) startEventStream(res, options.contentType);
  if (stream && options.hangUpAfterStream === true) {
    const socket = req.socket;
    res.once('finish', () => socket.end());
  }
  try {
    for await (const step of options.steps(signal)) {
      if (options.onStep(step) === 'done') return;
    }
    if (stream) res.end();
  } catch (error) {
    if (!isAbort(error, signal)) throw error;
    res.destroy();
  }
}
