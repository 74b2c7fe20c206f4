// OC-001, CFG-030..CFG-033: the product as `npm start -- --config FILE` runs it
// (real llama-server, generated models), its config holding named agent
// clients whose keys this harness wrote to 0600 files. Only two of the default
// pools stay, to spare the shared CPU: tiny-bigram (two replicas, always the
// golden sentence) and tiny-random (one replica with one slot, so its tasks run
// one at a time and the order in which they end is the order they started).
import type { ClientConfig } from '@llama-orch/contracts';
import {
  publicApi,
  startProduct,
  waitForRealEngine,
  type PublicApi,
  type RunningProduct,
} from '@llama-orch/haiku-e2e';
import { writeClientKeys, type ClientKeys } from './client-keys.js';
import { callerWith, type Call } from './http.js';

export const REQUIRED = process.env['REQUIRE_REAL_LLAMA'] === '1';
export const SKIPPED =
  'REQUIRE_REAL_LLAMA is not 1: the clients runs need a real llama-server (REQUIRE_REAL_LLAMA=1 npx vitest run --project clients-e2e)';

/** A client as a test declares it: everything but where its key lives, which the harness decides. */
export type ClientSpec = Omit<Partial<ClientConfig>, 'token_file' | 'token_env'> & { name: string };

export interface ClientsProductOptions {
  clients: readonly ClientSpec[];
  /** The config's fair_share (the product's default is true). */
  fairShare?: boolean;
}

export interface ClientsProduct {
  product: RunningProduct;
  keys: ClientKeys;
  /** Base URL without /v1 (Anthropic SDK) and with it (OpenAI SDK). */
  url: string;
  v1: string;
  /** The deployment token's holder. */
  owner: PublicApi;
  ownerToken: string;
  /** Plain requests with a client's current key (or the owner's, for `owner`). */
  as(name: string): Call;
  stop(): Promise<void>;
}

/** The default config's pools the clients use; the others are left out so fewer engines load. */
const KEPT_POOLS = new Set(['tiny-bigram', 'tiny-random']);

export async function startClientsProduct(options: ClientsProductOptions): Promise<ClientsProduct> {
  const keys = await writeClientKeys(options.clients.map((c) => c.name));
  let product: RunningProduct;
  try {
    product = await startProduct({
      configure: (config) => ({
        ...config,
        ...(options.fairShare === undefined ? {} : { fair_share: options.fairShare }),
        clients: options.clients.map((c) => ({
          weight: 1,
          max_priority: 'interactive' as const,
          above_max_priority: 'lower' as const,
          ...c,
          token_file: keys.file(c.name),
        })),
        pools: config.pools
          .filter((pool) => KEPT_POOLS.has(pool.id))
          .map((pool) => ({
            ...pool,
            queue: { ...pool.queue, capacity: 64, full_policy: 'reject' as const },
          })),
      }),
    });
  } catch (error) {
    await keys.remove();
    throw error;
  }
  const owner = publicApi(product.url, product.token);
  const stop = async (): Promise<void> => {
    await product.stop();
    await keys.remove();
  };
  try {
    await waitForRealEngine(product, owner, { timeoutMs: 900_000, settledFailureMs: 15_000 });
  } catch (error) {
    // No engine: the daemon must not outlive the run that started it.
    await stop();
    throw error;
  }
  return {
    product,
    keys,
    url: product.url,
    v1: `${product.url}/v1`,
    owner,
    ownerToken: product.token,
    as: (name) => callerWith(product.url, name === 'owner' ? product.token : keys.token(name)),
    stop,
  };
}
