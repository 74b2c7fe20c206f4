// Gate 4 (byte-exact determinism across replicas) on REAL llama-server
// processes: every corpus case runs on two independent replicas and must give
// the same token stream, byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusCases, loadCorpus } from '../src/corpus.js';
import { formatSummary, summarise } from '../src/latency-stats.js';
import type { RequestTiming } from '../src/latency-stats.js';
import { startReplicaSet } from '../src/replicas.js';
import type { ReplicaSet } from '../src/replicas.js';
import { runCase } from '../src/run-case.js';
import type { CaseOutcome } from '../src/run-case.js';

const corpus = loadCorpus();
const cases = corpusCases(corpus);

describe(`cross-replica determinism on real llama-server (${corpus.corpus_version})`, () => {
  let set: ReplicaSet;
  const outcomes = new Map<string, CaseOutcome[]>();
  const engineTokens: (number | null)[] = [];

  beforeAll(async () => {
    set = await startReplicaSet({ count: 2, modelSeed: 42, ctx: 512 });
    const counted = () =>
      Promise.all(set.replicas.map(async (r) => (await r.adapter.metrics()).tokens_generated_total));
    const before = await counted();
    for (const testCase of cases) {
      const perReplica: CaseOutcome[] = [];
      for (const replica of set.replicas)
        perReplica.push(await runCase(replica.adapter, testCase, corpus.max_tokens));
      outcomes.set(testCase.id, perReplica);
    }
    const after = await counted();
    after.forEach((total, i) => {
      const start = before[i];
      engineTokens.push(total === null || start === null || start === undefined ? null : total - start);
    });
  });

  afterAll(async () => {
    await set?.close();
  });

  it('runs two separate real llama-server processes pinned to one engine build and one model digest [DET-004, DET-005, DET-012]', async () => {
    const [a, b] = set.replicas;
    expect(a?.process.pid).not.toBe(b?.process.pid);
    const [pa, pb] = await Promise.all([a!.adapter.properties(), b!.adapter.properties()]);
    expect(pa.engine_version).toBe(pb.engine_version);
    expect(pa.engine_version).toContain(set.server.commit.slice(0, 7));
    expect(pa.model_digest).toBe(pb.model_digest);
    expect(pa.model_id).not.toBe(pb.model_id);
    expect([pa.slots_total, pb.slots_total]).toEqual([1, 1]);
  });

  it(`gives byte-identical streams on both replicas for all ${cases.length} corpus cases [DET-005, DET-001]`, () => {
    const differing: string[] = [];
    let identical = 0;
    for (const [id, [a, b]] of outcomes) {
      if (a !== undefined && b !== undefined && a.stream === b.stream && a.textSha256 === b.textSha256) {
        identical += 1;
      } else {
        differing.push(`${id}: ${a?.textSha256.slice(0, 12)} vs ${b?.textSha256.slice(0, 12)}`);
      }
    }
    console.log(
      `determinism: ${identical}/${cases.length} cases byte-identical across 2 replicas (${set.backend} build ${set.server.version})`,
    );
    expect(differing).toEqual([]);
    expect(identical).toBe(cases.length);
  });

  it('compares real output: every sampled case streams text and stops at max_tokens [DET-005]', () => {
    // The random tiny model practically never emits EOS, so each case is a full-length stream.
    // Greedy cases are exempt from the non-empty check: greedy decoding on random weights can
    // loop on a lone UTF-8 lead byte, which llama-server never streams (nothing complete to send).
    for (const testCase of cases) {
      const [a] = outcomes.get(testCase.id) ?? [];
      const end = (JSON.parse(a!.stream) as { end: [number, string, number | null] }).end;
      if (testCase.sampler_profile_version === corpus.sampler_profile_version) {
        expect(a?.tokensOut, testCase.id).toBeGreaterThan(0);
      }
      expect(end[0], testCase.id).toBe(a?.tokensOut);
      expect(end[1], testCase.id).toBe('limit');
    }
  });

  it('does not collapse different seeds into one output [DET-006]', () => {
    const sampled = cases.filter((c) => c.sampler_profile_version === corpus.sampler_profile_version);
    const distinct = new Set(sampled.map((c) => outcomes.get(c.id)?.[0]?.textSha256));
    console.log(`determinism: ${distinct.size} distinct outputs over ${sampled.length} seeds`);
    expect(distinct.size).toBeGreaterThanOrEqual(Math.ceil(sampled.length * 0.9));
    // Within one prompt the seed alone must change the output.
    const promptZero = sampled.filter((c) => c.prompt === corpus.prompts[0]);
    const perPrompt = new Set(promptZero.map((c) => outcomes.get(c.id)?.[0]?.textSha256));
    expect(perPrompt.size).toBe(promptZero.length);
  });

  it('repeats a case on the same replica identically [DET-001]', async () => {
    const replica = set.replicas[0]!;
    for (const testCase of cases.slice(0, 8)) {
      const again = await runCase(replica.adapter, testCase, corpus.max_tokens);
      expect(again.stream, testCase.id).toBe(outcomes.get(testCase.id)?.[0]?.stream);
    }
  });

  it('reports per-replica latency [DET-008]', () => {
    set.replicas.forEach((replica, index) => {
      const timings: RequestTiming[] = [...outcomes.values()].flatMap((o) =>
        o[index] ? [o[index].timing] : [],
      );
      const summary = summarise(timings, engineTokens[index]);
      console.log(`latency ${formatSummary(replica.name, summary)}`);
      expect(summary.requests).toBe(cases.length);
      expect(summary.tokensPerSecond).toBeGreaterThan(0);
      // Every case asks for max_tokens and the random model runs to the limit.
      expect(engineTokens[index]).toBe(cases.length * corpus.max_tokens);
    });
  });
});
