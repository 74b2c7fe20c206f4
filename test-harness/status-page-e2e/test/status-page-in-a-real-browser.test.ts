// The status page in a real headless browser [ORCHD-080, ORCHD-081]: Debian's chromium,
// driven by playwright-core, against the product as `npm start` runs it (the default config
// fitted to this host, real llama-server replicas, generated models). The page shows the
// default pools, a task submitted through the API appears, streams and finishes, and a
// drained pool shows as draining, all without a reload. It leaves a screenshot in out/.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completionTask,
  publicApi,
  startProduct,
  waitForRealEngine,
  type PublicApi,
  type RunningProduct,
} from '@llama-orch/haiku-e2e';
import { launchChromium, skipReason } from '../src/browser.js';

const SKIP = skipReason();
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'out');
const SCREENSHOT = join(OUT, 'status-page.png');

let product: RunningProduct | undefined;
let api: PublicApi;
let browser: Browser | undefined;
let page: Page;

describe.skipIf(SKIP !== undefined)('the status page in chromium [ORCHD-080, ORCHD-081]', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    product = await startProduct();
    api = publicApi(product.url, product.token);
    await waitForRealEngine(product, api, { timeoutMs: 900_000, settledFailureMs: 15_000 });
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('shows the default pools and their Ready replicas, and drops the token from the address bar', async () => {
    const { url, token } = product!;
    await page.goto(`${url}/ui#token=${encodeURIComponent(token)}`);
    for (const pool of product!.pools) {
      const card = page.locator(`[data-pool="${pool}"]`);
      await card.waitFor({ timeout: 15_000 });
      await expect.poll(() => card.locator('td.ok', { hasText: 'Ready' }).count()).toBeGreaterThan(0);
    }
    // The default config's on-demand models start unloaded: shown as such, not as a fault.
    const unloaded = page.locator('[data-pool="tiny-coder"] [data-role="unloaded"]');
    await unloaded.waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-pool="tiny-coder"] td.error').count()).toBe(0);
    expect(await page.locator('#daemon-state').textContent()).toBe('running');
    expect(await page.locator('#token-form').isVisible()).toBe(false);
    expect(page.url()).toBe(`${url}/ui`);
    expect(await page.evaluate("sessionStorage.getItem('llorch-token')")).toBe(token);
  });

  it('shows a submitted task running with its tokens, then finished', async () => {
    const task = completionTask({
      model_ref: 'tiny-random',
      ctx: 4096,
      prompt: 'the',
      max_tokens: 3000,
      seed: 7,
    });
    const taskId = String(task['task_id']);
    const submitted = await api.submit(task);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const running = page.locator(`#running [data-task="${taskId}"]`);
    await running.waitFor({ timeout: 15_000 });
    await expect
      .poll(async () => Number(await running.locator('[data-role="tokens"]').textContent()), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    const finished = page.locator(`#finished [data-finished="${taskId}"]`);
    await finished.waitFor({ timeout: 120_000 });
    expect(await finished.textContent()).toContain('finished');
    expect(await running.count()).toBe(0);
  });

  it('shows a drained pool as draining, live', async () => {
    const pool = product!.pools.at(-1)!;
    const res = await fetch(`${product!.url}/v1/pools/${pool}/drain`, {
      method: 'POST',
      headers: { authorization: `Bearer ${product!.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ deadline_ms: 1_000 }),
    });
    expect(res.status).toBe(202);
    await page.locator(`[data-pool="${pool}"] [data-role="draining"]`).waitFor({ timeout: 15_000 });
    await page.locator('#events li', { hasText: 'drain accepted' }).first().waitFor({ timeout: 15_000 });
    // Once the drain has stopped the replica, it reads as drained, not as a fault.
    await page.locator(`[data-pool="${pool}"] td.muted`, { hasText: 'drained' }).waitFor({ timeout: 15_000 });
    expect(await page.locator(`[data-pool="${pool}"] td.error`).count()).toBe(0);
    await mkdir(OUT, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('asks for the token when the URL carries none, and connects with the one typed in', async () => {
    const fresh = await browser!.newPage();
    await fresh.goto(`${product!.url}/ui`);
    await fresh.locator('#token-form').waitFor({ state: 'visible', timeout: 10_000 });
    await fresh.fill('#token-input', product!.token);
    await fresh.click('#token-form button');
    await fresh.locator(`[data-pool="${product!.pools[0]!}"]`).waitFor({ timeout: 15_000 });
    await fresh.close();
  });
});

describe.skipIf(SKIP === undefined)('the status page test gate', () => {
  it.skip(`skipped: ${SKIP ?? ''}`, () => undefined);
});
