// A real pool-managerd in its own process, started the way an operator splits
// the product (`npm start -- --only pool-managerd --config FILE`), for tests
// that need orchestratord over one: orchestratord reaches it only by URL and
// token, exactly as in production, and never imports it. Its JSON log lines
// can be copied into the test's log sink.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import type { LlorchConfig } from '@llama-orch/contracts';
import { PRODUCT_MAIN } from './product-process.js';

export interface PoolManagerdProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGTERM (pool-managerd stops every engine), then removes the config dir. */
  stop(): Promise<void>;
}

export interface PoolManagerdProcessOptions {
  token: string;
  /** Receives pool-managerd's log, one JSON line per write. */
  log?: Writable;
}

export async function startPoolManagerdProcess(
  config: LlorchConfig,
  options: PoolManagerdProcessOptions,
): Promise<PoolManagerdProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'llorch-pool-managerd-'));
  const configFile = join(dir, 'llorch.json');
  // A free port: test files run side by side.
  await writeFile(
    configFile,
    JSON.stringify({ ...config, pool_manager: { ...config.pool_manager, port: 0 } }),
  );
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', PRODUCT_MAIN, '--only', 'pool-managerd', '--config', configFile],
    { env: { ...process.env, LLORCH_API_TOKEN: options.token }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log = options.log;
  if (log !== undefined)
    createInterface({ input: child.stdout! }).on('line', (line) => log.write(`${line}\n`));
  else child.stdout!.resume();
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    // The first start on a fresh machine builds llama-server (minutes).
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pool-managerd did not listen:\n${stderr}`));
    }, 900_000);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const found = /pool-managerd listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pool-managerd exited with ${String(code)} before listening:\n${stderr}`));
    });
  });
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await closed;
      clearTimeout(force);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
