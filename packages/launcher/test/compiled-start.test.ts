// OC-029: `npm start` runs the compiled launcher with plain node — no TypeScript
// loader in the process — building first when the build is missing or stale,
// and `llorch` answers through the same build.
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const TOKEN = 'compiled-start-token-81c4';
const children: ReturnType<typeof spawn>[] = [];
let dir = '';

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('npm start [OC-029]', () => {
  it('serves from compiled JavaScript with plain node, and llorch talks to it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'llorch-compiled-'));
    const config = join(dir, 'llorch.yaml');
    await writeFile(
      config,
      JSON.stringify({
        server: { port: 0, state_dir: dir },
        pool_manager: { port: 0 },
        pools: [
          { id: 'idle', model: { ref: 'm' }, devices: 'cpu', allow_cpu_fallback: true, preload: false },
        ],
      }),
    );
    // The command `npm start` runs (package.json), without npm around it.
    const child = spawn(process.execPath, ['packages/launcher/bin/start.js', '--config', config], {
      cwd: REPO,
      env: { ...process.env, LLORCH_API_TOKEN: TOKEN, NODE_OPTIONS: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line:\n${stderr}`)), 150_000);
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const found = /orchestratord listening on (http:\/\/\S+)/.exec(stderr)?.[1];
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${String(code)}:\n${stderr}`)));
    });
    expect(child.spawnargs).toEqual([process.execPath, 'packages/launcher/bin/start.js', '--config', config]);
    const caps = await fetch(`${url}/v1/capabilities`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(caps.status).toBe(200);

    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['packages/cli/bin/llorch.js', '--endpoint', url, 'status'],
      { cwd: REPO, env: { ...process.env, LLORCH_API_TOKEN: TOKEN, NODE_OPTIONS: '' } },
    );
    expect(stdout).toContain('idle');
  }, 180_000);
});
