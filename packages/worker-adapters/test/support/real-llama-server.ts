// Starts REAL llama-server processes on our generated tiny models, using
// engine-provision (built once from the vendored source, cached).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureLlamaServer, startLlamaServer, writeTinyModel } from '@llama-orch/engine-provision';
import type { EnsuredLlamaServer, TinyModelKind, WrittenTinyModel } from '@llama-orch/engine-provision';
import { createLlamaCppAdapter } from '../../src/index.js';
import type { AdapterTimeouts, LlamaCppAdapter } from '../../src/index.js';

export interface RealEngine {
  adapter: LlamaCppAdapter;
  model: WrittenTinyModel;
  pid: number;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface RealEngineFactory {
  server: EnsuredLlamaServer;
  start(
    kind: TinyModelKind,
    options?: { ctx?: number; timeouts?: Partial<AdapterTimeouts> },
  ): Promise<RealEngine>;
  /** Removes the model directory; engines must be stopped first. */
  dispose(): void;
}

export async function createRealEngineFactory(): Promise<RealEngineFactory> {
  const server = await ensureLlamaServer();
  const dir = mkdtempSync(path.join(tmpdir(), 'llorch-wa-'));
  const models = new Map<TinyModelKind, Promise<WrittenTinyModel>>();
  const modelFor = (kind: TinyModelKind) => {
    let model = models.get(kind);
    if (model === undefined) {
      model = writeTinyModel({ kind, seed: 42, path: path.join(dir, `tiny-${kind}.gguf`) });
      models.set(kind, model);
    }
    return model;
  };
  return {
    server,
    async start(kind, options = {}) {
      const model = await modelFor(kind);
      const proc = await startLlamaServer({
        binaryPath: server.binaryPath,
        modelPath: model.path,
        ctx: options.ctx ?? 2048,
        parallel: 1,
        threads: 1,
      });
      const adapter = createLlamaCppAdapter({
        endpoint: proc.endpoint,
        modelDigest: `sha256:${model.sha256}`,
        ...(options.timeouts ? { timeouts: options.timeouts } : {}),
      });
      return {
        adapter,
        model,
        pid: proc.pid,
        async kill() {
          proc.kill('SIGKILL');
          await proc.exited;
        },
        stop: () => proc.stop(),
      };
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
