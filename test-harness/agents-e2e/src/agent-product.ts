// The product as `npm start -- --config FILE` runs it (real llama-server,
// generated models, the default pools fitted to this host), shared by the SDK
// tests of one file. One deliberate change to the default config: tiny-random's
// queue holds one task and refuses the next, so a test can meet a real 429.
import {
  startProduct,
  publicApi,
  waitForRealEngine,
  type PublicApi,
  type RunningProduct,
} from '@llama-orch/haiku-e2e';

export const REQUIRED = process.env['REQUIRE_REAL_LLAMA'] === '1';
export const SKIPPED =
  'REQUIRE_REAL_LLAMA is not 1: these SDK runs need a real llama-server (REQUIRE_REAL_LLAMA=1 npx vitest run --project agents-e2e)';

export interface AgentProduct {
  product: RunningProduct;
  api: PublicApi;
  /** Base URL without /v1 (Anthropic SDK, Claude Code) and with it (OpenAI SDK). */
  url: string;
  v1: string;
  token: string;
}

export async function startAgentProduct(): Promise<AgentProduct> {
  const product = await startProduct({
    configure: (config) => ({
      ...config,
      pools: config.pools.map((pool) =>
        pool.id === 'tiny-random'
          ? { ...pool, queue: { ...pool.queue, capacity: 1, full_policy: 'reject' as const } }
          : pool,
      ),
    }),
  });
  const api = publicApi(product.url, product.token);
  try {
    await waitForRealEngine(product, api, { timeoutMs: 900_000, settledFailureMs: 15_000 });
  } catch (error) {
    // No engine: the daemon must not outlive the run that started it.
    await product.stop();
    throw error;
  }
  return { product, api, url: product.url, v1: `${product.url}/v1`, token: product.token };
}

/** Sum of one counter's samples whose labels include `match`. */
export async function counter(api: PublicApi, name: string, match: Record<string, string>): Promise<number> {
  const { counterSum } = await import('@llama-orch/haiku-e2e');
  return counterSum(await api.metrics(), name, match);
}
