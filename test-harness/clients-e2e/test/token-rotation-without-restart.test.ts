// Rotating a client's key on the real product [CFG-031, ORCHD-086]: the token
// file is rewritten while the daemon runs (as `echo NEW > file` does); within a
// second the new key works and the old one is refused, with no restart and no
// effect on the other client. An emptied file locks its client out rather than
// falling back to the key it held, and SIGHUP re-reads the files without
// stopping the daemon (Node's default for SIGHUP would end the process).
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIGRAM_SENTENCE } from '@llama-orch/engine-provision';
import { REQUIRED, SKIPPED, startClientsProduct, type ClientsProduct } from '../src/clients-product.js';
import { callerWith } from '../src/http.js';

let run: ClientsProduct;
let startFailure: unknown;

beforeAll(async () => {
  if (!REQUIRED) return;
  try {
    run = await startClientsProduct({ clients: [{ name: 'aider' }, { name: 'claude' }] });
  } catch (error) {
    startFailure = error;
  }
}, 900_000);
beforeEach(() => {
  if (startFailure !== undefined) throw startFailure;
});
afterAll(async () => {
  await run?.stop();
});

const ROTATION_MS = 1_000;

/** The status GET /v1/models (a data-plane route) answers to `token`. */
const statusWith = async (token: string): Promise<number> =>
  (await callerWith(run.url, token)('GET', '/v1/models')).status;

/** Polls `holds` every 50 ms; resolves with the ms it took, or fails after `withinMs`. */
async function within(withinMs: number, what: string, holds: () => Promise<boolean>): Promise<number> {
  const began = performance.now();
  for (;;) {
    if (await holds()) return performance.now() - began;
    if (performance.now() - began > withinMs) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!REQUIRED)(`token rotation on real engines${REQUIRED ? '' : ` (${SKIPPED})`}`, () => {
  it('a rewritten token file: the new key works and the old one is refused within a second [ORCHD-086]', async () => {
    const old = run.keys.token('aider');
    const claude = run.keys.token('claude');
    expect(await statusWith(old)).toBe(200);
    const fresh = await run.keys.rotate('aider');
    const took = await within(
      ROTATION_MS,
      'aider rotated',
      async () => (await statusWith(fresh)) === 200 && (await statusWith(old)) === 403,
    );
    expect(took).toBeLessThanOrEqual(ROTATION_MS);
    expect(await statusWith(claude)).toBe(200);
    const reply = await new OpenAI({ baseURL: run.v1, apiKey: fresh, maxRetries: 0 }).chat.completions.create(
      {
        model: 'tiny-bigram',
        messages: [{ role: 'user', content: 'Say something.' }],
      },
    );
    expect(reply.choices[0]?.message.content).toBe(BIGRAM_SENTENCE);
  });

  it('an emptied token file locks its client out, without falling back; a new token lets it back in [ORCHD-086]', async () => {
    const held = run.keys.token('aider');
    await run.keys.empty('aider');
    await within(ROTATION_MS, 'aider locked out', async () => (await statusWith(held)) === 403);
    // Still locked out a while later: nothing brings the old key back.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await statusWith(held)).toBe(403);
    expect(run.product.exited()).toBe(false);
    const fresh = await run.keys.rotate('aider');
    await within(ROTATION_MS, 'aider back in', async () => (await statusWith(fresh)) === 200);
    expect(await statusWith(run.keys.token('claude'))).toBe(200);
  });

  it('SIGHUP re-reads the token files; the daemon keeps serving [ORCHD-086]', async () => {
    const old = run.keys.token('claude');
    const fresh = await run.keys.rotate('claude');
    run.product.signal('SIGHUP');
    await within(
      ROTATION_MS,
      'claude rotated after SIGHUP',
      async () => (await statusWith(fresh)) === 200 && (await statusWith(old)) === 403,
    );
    // A second SIGHUP with nothing changed changes nothing.
    run.product.signal('SIGHUP');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(run.product.exited()).toBe(false);
    expect(await statusWith(fresh)).toBe(200);
    expect(await statusWith(run.keys.token('aider'))).toBe(200);
    expect((await run.owner.get('/v1/models')).status).toBe(200);
  });

  it('no key, old or new, reaches the daemon log [ORCHD-086]', () => {
    const everything = run.product.output.join('\n');
    const issued = run.keys.everIssued();
    expect(issued.length).toBeGreaterThanOrEqual(5);
    for (const token of issued) expect(everything).not.toContain(token);
  });
});
