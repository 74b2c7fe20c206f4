// HOME-020, POOL-040, POOL-004, DET-004: the steps `npm run gpu:check` runs on a
// machine with an NVIDIA GPU, in order, each through the product's own code:
// the CUDA llama-server build (engine-provision), the product started as
// `npm start` starts it with the default config fitted to this host (its VRAM
// preflight and boot self-test gate every replica's Ready), the Haiku
// end-to-end and the determinism suite, each in a child vitest as CI runs them.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLlamaServer } from '@llama-orch/engine-provision';
import {
  publicApi,
  REPO_ROOT,
  runNestedVitest,
  startProduct,
  waitForRealEngine,
  type NestedRun,
} from '@llama-orch/haiku-e2e';
import { formatBytes, probeGpus } from '@llama-orch/pool-managerd';

export interface StepContext {
  /** Progress lines (build output, waits) for the operator; not part of the report. */
  say(line: string): void;
  signal: AbortSignal;
}

export interface Step {
  name: string;
  /** What it runs, for `--plan`. */
  plan: string;
  /** Steps that must have passed first. */
  needs: readonly string[];
  /** Resolves with the step's figures; throws when the step fails. */
  run(context: StepContext): Promise<string>;
}

const HAIKU_AUDIT = join(REPO_ROOT, 'test-harness/haiku-e2e/out');
/** The host default's note when it moved the pools onto the GPUs (pinned by pool-managerd's host-default test). */
const ON_GPUS = /^serving the default models on GPU\(s\) /;

async function nested(project: string, file: string, env: NodeJS.ProcessEnv): Promise<NestedRun> {
  const dir = await mkdtemp(join(tmpdir(), 'llorch-gpu-check-'));
  try {
    return await runNestedVitest({ project, file, reportFile: join(dir, 'report.json'), env });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function passedOrThrow(run: NestedRun, what: string): string {
  const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped } = run.report;
  if (run.code !== 0 || failed > 0 || skipped > 0 || passed === 0) {
    throw new Error(
      `${what}: exit ${run.code}, ${passed} passed, ${failed} failed, ${skipped} skipped; last output:\n${run.output.split('\n').slice(-30).join('\n')}`,
    );
  }
  return `${passed} tests passed`;
}

const build: Step = {
  name: 'build',
  plan: 'build (or reuse) llama-server with -DGGML_CUDA=ON from the llama.cpp source pinned in node-llama-cpp, cached by source commit and backend (= npm run engines:llamacpp -- --cuda; needs nvcc)',
  needs: [],
  async run({ say, signal }) {
    const server = await ensureLlamaServer({ cuda: true, onProgress: say, signal });
    return `llama-server ${server.version} ${server.built ? 'built' : 'reused'} [${server.cacheKey}] ${server.binaryPath}`;
  },
};

const product: Step = {
  name: 'preflight + self-test',
  plan: 'start the product as npm start does (default config fitted to this host: the pools move onto the GPUs), wait until every pool is Ready: each replica passed the VRAM preflight against the free VRAM nvidia-smi reports and the boot self-test; report footprints and VRAM in use',
  needs: ['build'],
  async run({ say }) {
    const running = await startProduct({ listenTimeoutMs: 300_000 });
    try {
      say(`gpu:check: product started (${running.hostNote}); waiting for its pools`);
      if (!ON_GPUS.test(running.hostNote))
        throw new Error(`the default config did not move onto the GPUs: ${running.hostNote}`);
      const api = publicApi(running.url, running.token);
      await waitForRealEngine(running, api, { timeoutMs: 900_000, settledFailureMs: 30_000 });
      const models = (await api.get('/v1/capabilities')).body['servable_models'] as
        | { model_ref: string; devices: number[] | 'cpu'; footprint_bytes: number | null; state: string }[]
        | undefined;
      const replicas = await Promise.all(
        running.pools.map(async (pool) => {
          const health = (await api.get(`/v1/pools/${pool}/health`)).body;
          const states = (health['replicas'] as { state: string }[] | undefined) ?? [];
          return `${pool} ${states.map((r) => r.state).join('/')}`;
        }),
      );
      const after = await probeGpus();
      const footprints = (models ?? [])
        .map(
          (m) =>
            `${m.model_ref} ${m.footprint_bytes ? formatBytes(m.footprint_bytes) : '?'} on ${JSON.stringify(m.devices)} (${m.state})`,
        )
        .join(', ');
      const used = after.gpus
        .map((g) => `GPU ${g.index} ${formatBytes(g.memory_used_bytes ?? 0)} used`)
        .join(', ');
      return `${running.hostNote}; replicas ${replicas.join(', ')}; footprints ${footprints}; now ${used}`;
    } finally {
      await running.stop();
    }
  },
};

/** The newest Haiku audit record, written by the run that just passed. */
async function newestHaikuSummary(): Promise<Record<string, unknown>> {
  const runs = (await readdir(HAIKU_AUDIT)).sort();
  const newest = runs.at(-1);
  if (newest === undefined) return {};
  return JSON.parse(await readFile(join(HAIKU_AUDIT, newest, 'summary.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

const haiku: Step = {
  name: 'haiku',
  plan: 'REQUIRE_REAL_LLAMA=1 npx vitest run --project haiku-e2e haiku-through-the-public-api (the product on the GPUs, public API only; audit kept in test-harness/haiku-e2e/out/)',
  needs: ['build'],
  async run() {
    const run = await nested('haiku-e2e', 'haiku-through-the-public-api', { REQUIRE_REAL_LLAMA: '1' });
    const passed = passedOrThrow(run, 'the Haiku end-to-end failed');
    const summary = await newestHaikuSummary();
    const host = String(summary['host'] ?? '');
    if (!ON_GPUS.test(host)) throw new Error(`the Haiku run did not use the GPUs: ${host}`);
    return `${passed}; ${summary['token_frames']} token frames from ${summary['engine_version']}; ${host}`;
  },
};

const determinism: Step = {
  name: 'determinism',
  plan: 'DETERMINISM_BACKEND=cuda npx vitest run --project determinism-suite cross-replica-determinism (two CUDA llama-server replicas, every layer on the GPU, the 64-seed corpus byte for byte)',
  needs: ['build'],
  async run() {
    const run = await nested('determinism-suite', 'cross-replica-determinism', {
      DETERMINISM_BACKEND: 'cuda',
    });
    const passed = passedOrThrow(run, 'the determinism suite failed');
    const figures = [...run.output.matchAll(/^determinism: (.*)$/gm)].map((m) => m[1]).join('; ');
    return `${passed}; ${figures}`;
  },
};

export const GPU_CHECK_STEPS: readonly Step[] = [build, product, haiku, determinism];
