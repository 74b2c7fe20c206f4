// The product as `pnpm start --config FILE` runs it (the launcher's main.ts in
// its own process: orchestratord with pool-managerd beside it), for tests that observe the
// whole process from outside: its stdout log lines, and — with
// connection-recorder.ts preloaded — every outbound connection it attempts.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordedConnection } from './connection-recorder.js';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
/** `npm start`'s entry. A path, not an import: orchestratord's code never depends on the launcher. */
export const PRODUCT_MAIN = fileURLToPath(new URL('../../../launcher/src/main.ts', import.meta.url));
export const RECORDER_PATH = fileURLToPath(new URL('./connection-recorder.ts', import.meta.url));

export interface ProductProcess {
  readonly url: string;
  readonly poolManagerUrl: string;
  readonly child: ChildProcess;
  /** stdout lines so far (the JSON Lines log). */
  readonly stdout: string[];
  /** Connection attempts recorded so far. */
  connections(): Promise<RecordedConnection[]>;
  /** SIGTERM, as an operator's Ctrl-C; resolves once the process is gone and its output read (SIGKILL after 15 s). */
  stop(): Promise<void>;
}

export interface StartProductOptions {
  /** A config document (written as JSON, which the YAML loader reads). */
  config: unknown;
  dir: string;
  token: string;
  /** More environment for the process. */
  env?: Record<string, string>;
}

export async function startProduct(options: StartProductOptions): Promise<ProductProcess> {
  const configFile = join(options.dir, 'llorch.yaml');
  const connectionLog = join(options.dir, 'connections.jsonl');
  await writeFile(configFile, JSON.stringify(options.config));
  await writeFile(connectionLog, '');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', RECORDER_PATH, PRODUCT_MAIN, '--config', configFile],
    {
      cwd: PACKAGE_DIR,
      env: {
        ...process.env,
        ...options.env,
        LLORCH_API_TOKEN: options.token,
        LLORCH_CONNECTION_LOG: connectionLog,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stdout: string[] = [];
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    stdout.push(...parts.filter((l) => l !== ''));
  });
  let stderr = '';
  const urls = await new Promise<{ url: string; poolManagerUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the product did not start:\n${stderr}`));
    }, 60_000);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const url = /orchestratord listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      const poolManagerUrl = /pool-managerd at (http:\/\/\S+?);/.exec(stderr)?.[1];
      if (url !== undefined && poolManagerUrl !== undefined) {
        clearTimeout(timer);
        resolve({ url, poolManagerUrl });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the product exited with ${String(code)} before listening:\n${stderr}`));
    });
  });
  // 'close' comes after the last stdout chunk was read, so no log line is lost at shutdown.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    ...urls,
    child,
    stdout,
    connections: async () =>
      (await readFile(connectionLog, 'utf8'))
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as RecordedConnection),
    stop: async () => {
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await closed;
      clearTimeout(force);
    },
  };
}
