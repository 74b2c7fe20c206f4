// ORCHD-086: a client's token is rotated by rewriting its token file (in place or by an atomic
// rename), or by SIGHUP after the rewrite; within one second the new token works and the old one
// is refused, without a restart. A file that turns empty or into another client's token locks
// the client out, logged with the client and the file, never the token. The product runs as
// `npm start --config FILE` does, in its own process, so SIGHUP reaches the launcher itself.
import { chmod, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './support/client.js';
import { taskBody } from './support/harness.js';
import { startProductOnSimulator, type ProductOnSimulator } from './support/product-on-simulator.js';

let running: ProductOnSimulator | undefined;
let url: string;
let aiderFile: string;
const seen: string[] = [];
const OTHER = 'other-key-7d6c5b4a3f2e1d0c';

const as = (key: string) => ({ authorization: `Bearer ${key}` });
const statusWith = async (key: string) =>
  (await call(url, 'POST', '/v1/tasks', taskBody({ model_ref: 'golden', ctx: 2048, max_tokens: 2 }), as(key)))
    .status;

/** A fresh key, remembered so the log can be searched for every key this test used. */
function newKey(label: string): string {
  const key = `${label}-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  seen.push(key);
  return key;
}

/** ms until `key` gets `status` on POST /v1/tasks (polled every 25 ms), or throws after `limitMs`. */
async function msUntil(key: string, status: number, limitMs = 3_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if ((await statusWith(key)) === status) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`key still did not get ${status} after ${limitMs} ms`);
}

async function writeToken(file: string, token: string): Promise<void> {
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

const logged = (msg: string, extra: (r: Record<string, unknown>) => boolean = () => true) =>
  (running?.product.stdout ?? [])
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((r) => r.msg === msg && extra(r));

let current = '';

beforeAll(async () => {
  current = newKey('aider');
  seen.push(OTHER);
  running = await startProductOnSimulator('client-rotation', {
    config: async (dir) => {
      aiderFile = join(dir, 'aider.token');
      await writeToken(aiderFile, current);
      await writeToken(join(dir, 'other.token'), OTHER);
      return {
        clients: [
          { name: 'aider', token_file: aiderFile },
          { name: 'other', token_file: join(dir, 'other.token') },
        ],
      };
    },
  });
  url = running.product.url;
  expect(await statusWith(current)).toBe(202);
}, 90_000);
afterAll(async () => running?.stop());

describe('rotating a client’s token [ORCHD-086]', () => {
  it('rewriting the file in place: the new key works and the old is refused within a second', async () => {
    const old = current;
    current = newKey('aider');
    await writeToken(aiderFile, current);
    expect(await msUntil(current, 202)).toBeLessThan(1_000);
    expect(await statusWith(old)).toBe(403);
  });

  it('replacing the file by an atomic rename does the same', async () => {
    const old = current;
    current = newKey('aider');
    const staged = `${aiderFile}.new`;
    await writeToken(staged, current);
    await rename(staged, aiderFile);
    expect(await msUntil(current, 202)).toBeLessThan(1_000);
    expect(await statusWith(old)).toBe(403);
  });

  it('an emptied file locks the client out, logged without the token, until a token is back', async () => {
    const old = current;
    await writeFile(aiderFile, '');
    expect(await msUntil(old, 403)).toBeLessThan(1_000);
    await expect
      .poll(() =>
        logged('client locked out: its token file holds no usable token', (r) => r.client === 'aider'),
      )
      .not.toEqual([]);
    expect(await statusWith(OTHER)).toBe(202);
    current = newKey('aider');
    await writeToken(aiderFile, current);
    expect(await msUntil(current, 202)).toBeLessThan(1_000);
  });

  it('a file holding another client’s token locks the client out; the other keeps its key', async () => {
    const old = current;
    await writeToken(aiderFile, OTHER);
    expect(await msUntil(old, 403)).toBeLessThan(1_000);
    await expect
      .poll(() =>
        logged('client locked out: its token file holds no usable token', (r) =>
          String(r.reason).includes(`client "other"'s token`),
        ),
      )
      .not.toEqual([]);
    expect(await statusWith(OTHER)).toBe(202);
    current = newKey('aider');
    await writeToken(aiderFile, current);
    expect(await msUntil(current, 202)).toBeLessThan(1_000);
  });

  it('SIGHUP re-reads every token file and leaves the daemon running', async () => {
    const old = current;
    current = newKey('aider');
    await writeToken(aiderFile, current);
    running?.product.child.kill('SIGHUP');
    expect(await msUntil(current, 202)).toBeLessThan(1_000);
    expect(await statusWith(old)).toBe(403);
    await expect
      .poll(() => logged('client token files re-read', (r) => r.trigger === 'SIGHUP'))
      .not.toEqual([]);
    expect(running?.product.child.exitCode).toBeNull();
    expect((await call(url, 'GET', '/readyz')).status).toBe(200);
  });

  it('never wrote a token into the log', () => {
    const log = running?.product.stdout.join('\n') ?? '';
    for (const key of seen) expect(log).not.toContain(key);
  });
});
