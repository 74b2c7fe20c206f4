// `llorch ui` (CLI-023): the status page URL with the token in its fragment on stdout; on a
// desktop the URL also goes to xdg-open (here a stand-in script on PATH that records what it
// was given), and a desktop without xdg-open still exits 0 with the URL printed.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAgainst } from './support/test-io.js';

const ENDPOINT = 'http://127.0.0.1:9';
let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llorch-ui-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

/** An xdg-open that writes its arguments to a file, as a browser launcher would receive them. */
async function recordingXdgOpen(): Promise<string> {
  const record = join(dir, 'opened.txt');
  const script = join(dir, 'xdg-open');
  await writeFile(script, `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`);
  await chmod(script, 0o755);
  return record;
}

async function waitForFile(file: string, timeoutMs = 5_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined && text !== '') return text;
    if (Date.now() > deadline) throw new Error(`${file} was never written`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('llorch ui [CLI-023]', () => {
  it('prints the page URL with the token in the fragment, and opens nothing without a desktop', async () => {
    const record = await recordingXdgOpen();
    const run = await runAgainst(`${ENDPOINT}/`, ['ui'], {
      env: { LLORCH_API_TOKEN: 'tok/with+chars', PATH: dir },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${ENDPOINT}/ui#token=tok%2Fwith%2Bchars\n`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(readFile(record, 'utf8')).rejects.toThrow();
  });

  it('hands the same URL to xdg-open on a desktop', async () => {
    const record = await recordingXdgOpen();
    const run = await runAgainst(ENDPOINT, ['ui'], {
      env: { LLORCH_API_TOKEN: 'desk-token', PATH: dir, DISPLAY: ':0' },
    });
    expect(run.status).toBe(0);
    expect(await waitForFile(record)).toBe(`${ENDPOINT}/ui#token=desk-token`);
    expect(run.stderr).toContain('opening it in your browser');
  });

  it('still succeeds on a desktop without xdg-open', async () => {
    const run = await runAgainst(ENDPOINT, ['ui'], {
      env: { LLORCH_API_TOKEN: 'desk-token', PATH: join(dir, 'empty'), WAYLAND_DISPLAY: 'wayland-0' },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${ENDPOINT}/ui#token=desk-token\n`);
    expect(run.stderr).toContain('xdg-open is not available');
  });

  it('prints the bare page URL when no token is known: the page asks for it', async () => {
    const run = await runAgainst(ENDPOINT, ['ui'], { env: { LLORCH_API_TOKEN: '', PATH: dir } });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${ENDPOINT}/ui\n`);
    expect(run.stderr).toContain('the page will ask for it');
  });
});
