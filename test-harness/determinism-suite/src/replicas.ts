// DET-004, DET-005: two independent llama-server replicas configured for
// strict determinism (one slot, no continuous batching, one thread), each
// loading its own copy of the same model file, so agreement cannot come from
// shared process state. DETERMINISM_BACKEND=cuda runs the same suite on the
// GPU: the CUDA build of the same pinned source, every layer offloaded (what
// `npm run gpu:check` uses); unset or `cpu`, the CPU build.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureLlamaServer, startLlamaServer, writeTinyModel } from '@llama-orch/engine-provision';
import type { EnsuredLlamaServer, LlamaServerProcess } from '@llama-orch/engine-provision';
import { createLlamaCppAdapter } from '@llama-orch/worker-adapters';
import type { LlamaCppAdapter } from '@llama-orch/worker-adapters';

export interface Replica {
  name: string;
  adapter: LlamaCppAdapter;
  process: LlamaServerProcess;
  modelSha256: string;
}

export interface ReplicaSet {
  backend: DeterminismBackend;
  server: EnsuredLlamaServer;
  replicas: Replica[];
  close(): Promise<void>;
}

export type DeterminismBackend = 'cpu' | 'cuda';

export const DETERMINISM_BACKEND_ENV = 'DETERMINISM_BACKEND';

/** The backend the environment asks for; anything but cpu or cuda is a mistake worth stopping on. */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): DeterminismBackend {
  const value = env[DETERMINISM_BACKEND_ENV] ?? 'cpu';
  if (value === 'cpu' || value === 'cuda') return value;
  throw new Error(`${DETERMINISM_BACKEND_ENV} must be cpu or cuda, not ${value}`);
}

export interface ReplicaSetOptions {
  count: number;
  modelSeed: number;
  ctx: number;
  /** Defaults to the DETERMINISM_BACKEND environment variable, else cpu. */
  backend?: DeterminismBackend;
}

export async function startReplicaSet(options: ReplicaSetOptions): Promise<ReplicaSet> {
  const backend = options.backend ?? backendFromEnv();
  const server = await ensureLlamaServer({ cuda: backend === 'cuda' });
  const dir = mkdtempSync(path.join(tmpdir(), 'llorch-det-'));
  const replicas: Replica[] = [];
  const close = async () => {
    await Promise.all(replicas.map((r) => r.process.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let index = 0; index < options.count; index += 1) {
      const name = `replica-${String.fromCharCode(97 + index)}`;
      const model = await writeTinyModel({
        kind: 'random',
        seed: options.modelSeed,
        path: path.join(dir, name, 'tiny-random.gguf'),
      });
      const proc = await startLlamaServer({
        binaryPath: server.binaryPath,
        modelPath: model.path,
        ctx: options.ctx,
        parallel: 1,
        threads: 1,
        ...(backend === 'cuda' && { extraArgs: ['-ngl', '999'] }),
      });
      const adapter = createLlamaCppAdapter({
        endpoint: proc.endpoint,
        modelDigest: `sha256:${model.sha256}`,
      });
      replicas.push({ name, adapter, process: proc, modelSha256: model.sha256 });
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { backend, server, replicas, close };
}
