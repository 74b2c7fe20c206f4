// The measuring loop every latency comparison shares (issue 15 item 4): the same
// requests on several paths to one engine, round by round. Warm-up rounds run
// first, unmeasured and identical on every path (a fresh daemon runs its request
// path in V8's interpreter for its first few hundred requests; the goals concern
// the steady state); measured rounds then interleave the paths, so drift on a busy
// machine hits every path alike, and the path that opens a round rotates, so none
// always meets the engine still busy with another path's last request. Round k of
// one path pairs with round k of another, request i with request i. Both loops stop
// at the plan's time bound.
import { concurrent, type StreamRunner, type StreamTiming } from './stream-timing.js';

export interface RoundPlan {
  /** Requests sent at once in each round. */
  streams: number;
  rounds: number;
  warmupRounds: number;
  budgetMs: number;
  maxTokens: number;
}

export interface Round {
  /** When the round's requests left (performance.now()). */
  startedAt: number;
  /** In the order the requests were sent: the slot a comparison pairs on. */
  results: StreamTiming[];
}

/** One list of measured rounds per runner, all of the same length, in the runners' order. */
export async function interleavedRounds(
  runners: readonly StreamRunner[],
  plan: RoundPlan,
): Promise<Round[][]> {
  const started = performance.now();
  /** Runner indices in the order round `round` runs them. */
  const order = (round: number): number[] => runners.map((_, k) => (round + k) % runners.length);
  for (let round = 0; round < plan.warmupRounds; round++) {
    if (performance.now() - started > plan.budgetMs / 3) break;
    for (const i of order(round)) await concurrent(runners[i]!, plan.streams, plan.maxTokens);
  }
  const measured: Round[][] = runners.map(() => []);
  for (let round = 0; round < plan.rounds && performance.now() - started < plan.budgetMs; round++) {
    for (const i of order(round)) {
      const startedAt = performance.now();
      const results = await concurrent(runners[i]!, plan.streams, plan.maxTokens);
      measured[i]!.push({ startedAt, results });
    }
  }
  return measured;
}

/** Every request's TTFT in round order, and in slot order within a round: the pairing key. */
export function ttftsInOrder(rounds: readonly Round[]): number[] {
  return rounds.flatMap((r) => r.results.map((x) => x.ttftMs));
}
