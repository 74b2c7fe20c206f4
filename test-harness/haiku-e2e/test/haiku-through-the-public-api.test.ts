// OC-027, HOME-020 (stage 15): the Haiku end-to-end run. The product is
// started as an operator starts it (`npm start`'s entry, built-in default
// config fitted to this host, pool-managerd beside orchestratord, llama-server built
// from the pinned source, generated tiny GGUF models) and is then touched only
// through its public HTTP API. Runs only with REQUIRE_REAL_LLAMA=1; with it, a
// missing engine fails the run (see haiku-gate-fails-or-skips.test.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateLlamaCppBundle, readBundleCommit } from '@llama-orch/engine-provision';
import { AUDIT_FILES, keepAudit } from '../src/audit.js';
import { startProduct, type RunningProduct } from '../src/product.js';
import { completionTask, counterSum, publicApi, type Frame, type PublicApi } from '../src/public-api.js';
import { waitForRealEngine } from '../src/real-engine.js';

const REQUIRED = process.env['REQUIRE_REAL_LLAMA'] === '1';
const SKIPPED =
  'REQUIRE_REAL_LLAMA is not 1: this run needs a real llama-server (REQUIRE_REAL_LLAMA=1 npx vitest run --project haiku-e2e)';
const HAIKU_PROMPT = 'Write a haiku about the first autumn rain on a tin roof.';

let product: RunningProduct | undefined;
let api: PublicApi;
const run = {
  frames: [] as Frame[],
  metricsBefore: '',
  metricsAfter: '',
  engineVersion: '',
  auditDir: undefined as string | undefined,
};

const haiku = (seed: number) =>
  completionTask({ model_ref: 'tiny-random', ctx: 512, seed, prompt: HAIKU_PROMPT, max_tokens: 40 });
const tokenFrames = (frames: readonly Frame[]) => frames.filter((f) => f.event === 'token');
const textOf = (frames: readonly Frame[]) => tokenFrames(frames).map((f) => String(f.data['t']));

async function audit(): Promise<string> {
  run.auditDir ??= await keepAudit({
    summary: {
      requirement: 'OC-027',
      host: product?.hostNote,
      engine_version: run.engineVersion,
      prompt: HAIKU_PROMPT,
      token_frames: tokenFrames(run.frames).length,
      text: textOf(run.frames).join(''),
    },
    config: product === undefined ? '' : await readFile(product.configFile, 'utf8'),
    metricsBefore: run.metricsBefore,
    metricsAfter: run.metricsAfter,
    frames: run.frames,
    daemonOutput: product?.output ?? [],
  });
  return run.auditDir;
}

afterAll(async () => {
  if (product === undefined) return;
  if (run.metricsBefore !== '') await audit().catch(() => undefined);
  await product.stop();
});

describe('Haiku end-to-end on a real engine', () => {
  it('streams a haiku from the real llama-server through the public API and counts every token in tokens_out_total [OC-027]', async ({
    skip,
  }) => {
    skip(!REQUIRED, SKIPPED);
    // Started inside the test, not in a hook: a missing engine must count as a failed test.
    product = await startProduct();
    api = publicApi(product.url, product.token);
    await waitForRealEngine(product, api, { timeoutMs: 840_000, settledFailureMs: 20_000 });
    // Anti-cheat: the engine behind the API is the llama.cpp build of the pinned source.
    const commit = await readBundleCommit(locateLlamaCppBundle());
    const capabilities = await api.get('/v1/capabilities');
    expect(capabilities.status).toBe(200);
    const engines = capabilities.body['engines'] as { engine: string; engine_version: string }[];
    const llamacpp = engines.find((e) => e.engine === 'llamacpp');
    expect(llamacpp?.engine_version).toContain(commit.slice(0, 7));
    run.engineVersion = llamacpp!.engine_version;
    const series = { engine: 'llamacpp', engine_version: run.engineVersion, pool_id: 'tiny-random' };

    run.metricsBefore = await api.metrics();
    const task = haiku(20_261_125);
    const admitted = await api.submit(task);
    expect(admitted.status).toBe(202);
    run.frames = await api.stream(String(task['task_id']));
    run.metricsAfter = await api.metrics();

    const events = run.frames.map((f) => f.event);
    expect(events[0]).toBe('started');
    expect(events.filter((e) => e === 'end' || e === 'error')).toEqual(['end']);
    expect(events.at(-1)).toBe('end');
    const tokens = tokenFrames(run.frames);
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.map((f) => f.data['i'])).toEqual(tokens.map((_, i) => i));
    expect(run.frames.at(-1)?.data['tokens_out']).toBe(tokens.length);
    const rise = (name: string) =>
      counterSum(run.metricsAfter, name, series) - counterSum(run.metricsBefore, name, series);
    expect(rise('tokens_out_total')).toBe(tokens.length);
    // The engine read the prompt (its tokenizer counted it) and its sampler produced the text:
    // another seed gives another text, which no canned reply can do.
    expect(rise('tokens_in_total')).toBeGreaterThan(0);
    const other = haiku(7);
    expect((await api.submit(other)).status).toBe(202);
    const otherFrames = await api.stream(String(other['task_id']));
    expect(otherFrames.at(-1)?.event).toBe('end');
    expect(textOf(otherFrames)).not.toEqual(textOf(run.frames));
  }, 900_000);

  it('keeps the metrics, the stream and the daemon log of the run for audit, without the API token [HOME-020]', async ({
    skip,
  }) => {
    skip(!REQUIRED, SKIPPED);
    expect(run.frames.length).toBeGreaterThan(0);
    const dir = await audit();
    const kept = Object.fromEntries(
      await Promise.all(AUDIT_FILES.map(async (f) => [f, await readFile(join(dir, f), 'utf8')] as const)),
    );
    expect(kept['metrics-after.prom']).toMatch(/^tokens_out_total\{[^}]*pool_id="tiny-random"[^}]*\} \d+$/m);
    expect(kept['stream.ndjson']!.trim().split('\n')).toHaveLength(run.frames.length);
    expect(kept['daemon.log']).toContain('orchestratord listening on');
    expect(kept['daemon.log']).toContain('"pool_id":"tiny-random"');
    for (const text of Object.values(kept)) expect(text).not.toContain(product!.token);
  });
});
