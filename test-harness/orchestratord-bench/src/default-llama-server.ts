// The real engine of the bench's second table (issue 15 item 4): the llama-server
// `npm start` runs by default. The binary comes from engine-provision's cache,
// built there from the vendored source when missing, as pool-managerd builds it
// (nothing is downloaded); the model is the default config's first pool's
// generated GGUF, served with that pool's launch settings on the CPU fallback.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '@llama-orch/contracts';
import { ensureLlamaServer, startLlamaServer, writeTinyModel } from '@llama-orch/engine-provision';

export interface DefaultLlamaServer {
  endpoint: string;
  /** The default config's pool this engine serves, and its per-slot context and queue size. */
  poolId: string;
  ctx: number;
  queueCapacity: number;
  /** Which engine, model and launch settings, for every table row measured on it. */
  label: string;
  stop(): Promise<void>;
}

/** The build error names what is missing; this says what to run once it is there. */
const HOW_TO_BUILD = 'then build it once with `npm run engines:llamacpp` (offline, from the vendored source)';

export async function startDefaultLlamaServer(
  onProgress: (line: string) => void,
): Promise<DefaultLlamaServer> {
  const pool = defaultConfig().pools[0];
  const generate = pool?.model.generate;
  const launch = pool?.launch;
  if (pool === undefined || generate === undefined || launch === undefined)
    throw new Error("the default config's first pool no longer launches a generated model; update the bench");
  const server = await ensureLlamaServer({ onProgress }).catch((error: unknown) => {
    throw new Error(
      `no llama-server: ${error instanceof Error ? error.message : String(error)}; ${HOW_TO_BUILD}`,
      {
        cause: error,
      },
    );
  });
  const dir = await mkdtemp(join(tmpdir(), 'llorch-bench-llama-'));
  try {
    const model = await writeTinyModel({ ...generate, path: join(dir, `${pool.id}.gguf`) });
    const { parallel } = launch;
    const threads = launch.threads ?? 1;
    const engine = await startLlamaServer({
      binaryPath: server.binaryPath,
      modelPath: model.path,
      // As pool-managerd launches a CPU pool: llama-server's -c is the total over all slots.
      ctx: pool.ctx * parallel,
      parallel,
      threads,
      extraArgs: ['-ngl', '0', ...launch.extra_args],
    });
    const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
    return {
      endpoint: engine.endpoint,
      poolId: pool.id,
      ctx: pool.ctx,
      queueCapacity: pool.queue.capacity,
      label:
        `llama-server ${server.commit.slice(0, 7)}, ${pool.id} (generated ${generate.kind}), ` +
        `cpu, ${plural(threads, 'thread')}, ${plural(parallel, 'slot')}`,
      stop: async () => {
        await engine.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
