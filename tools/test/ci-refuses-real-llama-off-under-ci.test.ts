// OC-027: `pnpm test` under CI must not let an inherited REQUIRE_REAL_LLAMA=0 turn
// the real-engine runs into quiet skips: the real ci script stops before any
// step, names the cause, and still closes with the counted summary line.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function runCi(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // Its own process group, so a regression that starts the steps is stopped whole.
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['tools/src/ci.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const guard = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, output });
    });
  });
}

it('exits non-zero before any step when CI=true inherits REQUIRE_REAL_LLAMA=0 [OC-027]', async () => {
  const { code, output } = await runCi({ CI: 'true', REQUIRE_REAL_LLAMA: '0' });
  expect(code).toBe(1);
  expect(output).toContain('REQUIRE_REAL_LLAMA=0 is set while CI=true');
  expect(output).not.toContain('[ci] ▶');
  expect(output.trim().split('\n').at(-1)).toBe('0 passed, 1 failed, 0 skipped');
}, 30_000);
