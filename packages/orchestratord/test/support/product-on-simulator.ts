// The product process (as `npm start --config FILE` runs it) in front of one
// llama.cpp simulator pool `sim` serving `golden` with the seeded model, which
// runs to max_tokens (the golden model ends after ten tokens, so a cancel or a
// hang-up could lose the race), Ready before it returns. For tests that read
// the product's log and metrics from outside.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type SimulatorHandle } from '@llama-orch/engine-simulators';
import { call } from './client.js';
import { TOKEN } from './harness.js';
import { endpointPool } from './local-daemon.js';
import { startProduct, type ProductProcess } from './product-process.js';

export interface ProductOnSimulator {
  readonly engine: SimulatorHandle;
  readonly product: ProductProcess;
  /** Stops the product (if still running) and the engine, and removes the state. */
  stop(): Promise<void>;
}

export interface ProductOnSimulatorOptions {
  /** More top-level config (e.g. `clients`), made once the state dir exists so it can hold files. */
  config?: (dir: string) => Promise<Record<string, unknown>>;
  /** More environment for the product process (e.g. a client's token_env). */
  env?: Record<string, string>;
}

export async function startProductOnSimulator(
  prefix: string,
  options: ProductOnSimulatorOptions = {},
): Promise<ProductOnSimulator> {
  const engine = await startSimulator({
    protocol: 'llamacpp',
    model: 'seeded',
    modelName: 'golden',
    tokenDelayMs: 5,
  });
  const dir = await mkdtemp(join(tmpdir(), `llorch-${prefix}-`));
  const product = await startProduct({
    dir,
    token: TOKEN,
    ...(options.env === undefined ? {} : { env: options.env }),
    config: {
      server: { bind: '127.0.0.1', port: 0, state_dir: join(dir, 'state') },
      pool_manager: { port: 0 },
      pools: [endpointPool('sim', 'llamacpp', engine.endpoint)],
      ...(await options.config?.(dir)),
    },
  });
  for (let ok = false, deadline = Date.now() + 20_000; !ok && Date.now() < deadline;) {
    ok = (await call(product.url, 'GET', '/readyz')).status === 200;
    if (!ok) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    engine,
    product,
    stop: async () => {
      if (product.child.exitCode === null) await product.stop();
      await engine.stop(500);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
