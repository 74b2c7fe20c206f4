// The product for the swap and fairness benchmarks, as a user runs it: the
// launcher (`npm start --config FILE`) in its own process, either whole
// (orchestratord with pool-managerd beside it) or as pool-managerd alone for the
// plain-proxy baseline. Spawned by path: nothing imports the launcher. Its JSON
// log lines (stdout, default level) go to `onLogLine` when one is given, else nowhere.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LAUNCHER = fileURLToPath(new URL('../../../../packages/launcher/src/main.ts', import.meta.url));

export interface RunningProduct {
  /** orchestratord's URL when whole; pool-managerd's when `only` is pool-managerd. */
  readonly url: string;
  stop(): Promise<void>;
}

export interface ProductOptions {
  only?: 'pool-managerd';
  /** Receives each line the daemon logs on stdout, as it comes. */
  onLogLine?: (line: string) => void;
  /** Beside LLORCH_API_TOKEN, e.g. client tokens named by token_env. */
  env?: NodeJS.ProcessEnv;
}

export async function startProduct(
  config: unknown,
  dir: string,
  token: string,
  options: ProductOptions = {},
): Promise<RunningProduct> {
  const { only, onLogLine } = options;
  const file = join(dir, only === undefined ? 'whole.json' : 'pool-managerd.json');
  await writeFile(file, JSON.stringify(config));
  const args = ['--import', 'tsx', LAUNCHER, '--config', file, ...(only ? ['--only', only] : [])];
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env, LLORCH_API_TOKEN: token },
    stdio: ['ignore', onLogLine === undefined ? 'ignore' : 'pipe', 'pipe'],
  });
  if (onLogLine !== undefined) {
    let partial = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line !== '') onLogLine(line);
    });
  }
  const pattern =
    only === undefined
      ? /orchestratord listening on (http:\/\/\S+)/
      : /pool-managerd listening on (http:\/\/\S+)/;
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const found = pattern.exec(stderr)?.[1];
      if (found !== undefined) resolve(found);
    });
    child.once('exit', (code) =>
      reject(new Error(`the launcher exited (${String(code)}):\n${stderr.slice(-2000)}`)),
    );
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await closed;
      clearTimeout(force);
    },
  };
}
