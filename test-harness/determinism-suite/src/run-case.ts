// DET-001, DET-005: one corpus case on one replica, reduced to what must be
// byte-identical across replicas (the exact piece boundaries and bytes, the
// counts, the stop reason) plus timings, which are expected to differ.
import { createHash } from 'node:crypto';
import { resolveSamplerProfile } from '@llama-orch/worker-adapters';
import type { EngineAdapter } from '@llama-orch/worker-adapters';
import type { DeterminismCase } from './corpus.js';
import type { RequestTiming } from './latency-stats.js';

export interface CaseOutcome {
  /** Canonical JSON of pieces, token count, stop reason and prompt token count. */
  stream: string;
  /** sha256 of the generated UTF-8 bytes, short enough to print. */
  textSha256: string;
  tokensOut: number;
  timing: RequestTiming;
}

export async function runCase(adapter: EngineAdapter, testCase: DeterminismCase, maxTokens: number) {
  const sampler = resolveSamplerProfile(testCase.sampler_profile_version);
  if (sampler === undefined) {
    throw new Error(`corpus names unknown sampler profile ${testCase.sampler_profile_version}`);
  }
  const pieces: string[] = [];
  let end: unknown = null;
  let firstTokenMs: number | null = null;
  const startedAt = performance.now();
  for await (const event of adapter.complete({
    prompt: testCase.prompt,
    max_tokens: maxTokens,
    seed: testCase.seed,
    sampler,
  })) {
    if (event.type === 'token') {
      if (event.i !== pieces.length) throw new Error(`${testCase.id}: token index ${event.i} out of order`);
      firstTokenMs ??= performance.now() - startedAt;
      pieces.push(event.t);
    } else if (event.type === 'end') {
      end = [event.stats.tokens_out, event.stats.stop_reason, event.stats.tokens_in];
    }
  }
  const totalMs = performance.now() - startedAt;
  const text = pieces.join('');
  const outcome: CaseOutcome = {
    stream: JSON.stringify({ pieces, end }),
    textSha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    tokensOut: pieces.length,
    timing: { firstTokenMs, totalMs, tokensOut: pieces.length },
  };
  return outcome;
}
