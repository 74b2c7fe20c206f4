// Small helpers shared by the conformance suite and adapter tests: draining a
// completion, reading its tokens and text, and polling an out-of-band probe.
import { resolveSamplerProfile } from '../../src/index.js';
import type { CompletionEvent, SamplerParams } from '../../src/index.js';

export async function collect(stream: AsyncIterable<CompletionEvent>): Promise<CompletionEvent[]> {
  const events: CompletionEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

export type TokenEvent = Extract<CompletionEvent, { type: 'token' }>;

export function tokensOf(events: readonly CompletionEvent[]): TokenEvent[] {
  return events.filter((e): e is TokenEvent => e.type === 'token');
}

export function textOf(events: readonly CompletionEvent[]): string {
  return tokensOf(events)
    .map((e) => e.t)
    .join('');
}

export function profile(version: string): SamplerParams {
  const params = resolveSamplerProfile(version);
  if (params === undefined) throw new Error(`unknown sampler profile ${version}`);
  return params;
}

/** Polls `probe` every 50 ms until it returns true; fails with `message` after `ms`. */
export async function deadline(ms: number, message: string, probe: () => Promise<boolean>): Promise<void> {
  const until = performance.now() + ms;
  for (;;) {
    if (await probe()) return;
    if (performance.now() > until) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What must be reproducible about a stream: its pieces and its counts, not its timings. */
export function signature(events: readonly CompletionEvent[]): string {
  const end = events.at(-1);
  return JSON.stringify({
    pieces: tokensOf(events).map((e) => [e.i, e.t]),
    end: end?.type === 'end' ? [end.stats.tokens_out, end.stats.stop_reason, end.stats.tokens_in] : null,
  });
}
