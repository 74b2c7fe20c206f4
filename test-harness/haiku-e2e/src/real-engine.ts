// OC-027: "a real engine is reachable" means every pool of the running
// product reports a Ready replica over the public API. With
// REQUIRE_REAL_LLAMA=1 anything else is a failure with a message that says
// what is missing; it never turns into a skip.
import type { RunningProduct } from './product.js';
import { tail } from './product.js';
import type { PublicApi } from './public-api.js';

export interface WaitOptions {
  /** Overall deadline; the first run on a fresh machine builds llama-server (minutes). */
  timeoutMs: number;
  /** A pool that is down with an error for this long is not coming up (e.g. no build tools). */
  settledFailureMs: number;
}

interface Health {
  live?: boolean;
  ready?: boolean;
  last_error?: string | null;
}

export async function waitForRealEngine(
  product: RunningProduct,
  api: PublicApi,
  options: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const downSince = new Map<string, number>();
  for (;;) {
    if (product.exited()) throw noEngine(product, 'orchestratord exited while its engines were loading');
    const health = await Promise.all(
      product.pools.map(async (pool) => ({
        pool,
        ...((await api.get(`/v1/pools/${pool}/health`)).body as Health),
      })),
    );
    if (health.every((h) => h.ready === true)) return;
    const now = Date.now();
    for (const h of health) {
      const failing = h.ready !== true && h.live !== true && typeof h.last_error === 'string';
      if (!failing) downSince.delete(h.pool);
      else if (!downSince.has(h.pool)) downSince.set(h.pool, now);
      if (failing && now - downSince.get(h.pool)! >= options.settledFailureMs) {
        throw noEngine(product, `pool ${h.pool} stayed down: ${h.last_error}`);
      }
    }
    if (now > deadline) {
      const waiting = health.filter((h) => h.ready !== true);
      throw noEngine(
        product,
        `not Ready within ${Math.round(options.timeoutMs / 1000)} s: ${waiting
          .map((h) => `${h.pool} (${h.last_error ?? 'still loading'})`)
          .join(', ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function noEngine(product: RunningProduct, why: string): Error {
  return new Error(
    `REQUIRE_REAL_LLAMA=1 but no real llama-server is reachable through the product: ${why}.\n` +
      'Build it once with `pnpm engines:llamacpp` (needs cmake g++ make git), or unset REQUIRE_REAL_LLAMA to skip this run.\n' +
      `Last daemon output:\n${tail(product.output)}`,
  );
}
