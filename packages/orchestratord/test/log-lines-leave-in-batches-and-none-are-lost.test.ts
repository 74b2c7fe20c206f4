// ORCHD-100: the daemon's stdout log is written in batches, not a write per line. A
// batch must still leave soon when traffic is light (a line is not held until the next
// burst), and whatever is batched when the process exits reaches stdout. Each case runs
// the real logger in a child process writing to a real pipe, as the product does.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOG_FLUSH_MS } from '../src/logging/logger.js';

const loggerModule = fileURLToPath(new URL('../src/logging/logger.ts', import.meta.url));

interface Child {
  /** stdout lines, each with the ms since spawn it arrived at. */
  lines: { text: string; atMs: number }[];
  exited: Promise<number | null>;
}

function runChild(body: string, onStdout?: (stdout: Readable) => void): Child {
  const script = `import { createLogger } from ${JSON.stringify(loggerModule)};\nconst log = createLogger({ level: 'info' });\n${body}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = performance.now();
  const lines: Child['lines'] = [];
  let rest = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const text of parts) lines.push({ text, atMs: performance.now() - started });
  });
  onStdout?.(child.stdout);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { lines, exited };
}

describe('the stdout log', () => {
  it('writes a lone line within a flush interval, not when the process ends [ORCHD-100]', async () => {
    // One short line (far under a batch), then the process stays up for 3 s.
    const child = runChild(
      `log.info({ n: 1 }, 'lone line');\nsetTimeout(() => log.info({ n: 2 }, 'last line'), 3000);`,
    );
    expect(await child.exited).toBe(0);
    const lone = child.lines.find((l) => l.text.includes('lone line'));
    const last = child.lines.find((l) => l.text.includes('last line'));
    expect(lone).toBeDefined();
    expect(last).toBeDefined();
    // It left on the interval, long before the 3 s line that precedes the exit.
    expect(last!.atMs - lone!.atMs).toBeGreaterThan(3000 - 10 * LOG_FLUSH_MS);
  }, 30_000);

  it('flushes every batched line when the process exits at once [ORCHD-100]', async () => {
    const child = runChild(
      `for (let n = 0; n < 500; n++) log.info({ n, pad: 'x'.repeat(100) }, 'burst');\nprocess.exit(0);`,
    );
    expect(await child.exited).toBe(0);
    const seen = child.lines
      .filter((l) => l.text.includes('"burst"'))
      .map((l) => (JSON.parse(l.text) as { n: number }).n);
    expect(seen).toEqual(Array.from({ length: 500 }, (_, n) => n));
  }, 30_000);

  it('keeps the process up when the reader of stdout goes away (EPIPE) [ORCHD-100]', async () => {
    // As `npm start | head -5` does: the pipe's reader closes while the daemon goes on logging.
    const child = runChild(
      `const tick = setInterval(() => log.info({ pad: 'x'.repeat(300) }, 'tick'), 5);
` + `setTimeout(() => { clearInterval(tick); process.exit(0); }, 1500);`,
      (stdout) => stdout.once('data', () => stdout.destroy()),
    );
    expect(await child.exited).toBe(0);
  }, 30_000);
});
