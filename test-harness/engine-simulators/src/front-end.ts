// WA-013: the contract between the simulator server and one engine's wire protocol.
// Why: the server owns listening, loading and faults that act before routing; each
// front-end only translates the shared engine core into its engine's bytes.
import type { ServerResponse } from 'node:http';
import type { SimEngine } from './engine-core.js';
import type { Route } from './http-kit.js';

export interface FrontEnd {
  routes: readonly Route[];
  /** Replies with an error in the engine's own JSON shape (bad JSON, unknown route, crash). */
  sendError(res: ServerResponse, status: number, message: string): void;
}

export type FrontEndFactory = (engine: SimEngine) => FrontEnd;

/** Sampling is off when the knobs ask for greedy decoding; then the seed cannot matter. */
export function greedySampler(
  sampler: Readonly<Record<string, number | undefined>>,
  seed: number,
  greedy: boolean,
): { seed: number; sampler: Readonly<Record<string, number | undefined>> } {
  return greedy ? { seed: 0, sampler: { greedy: 1 } } : { seed, sampler };
}
