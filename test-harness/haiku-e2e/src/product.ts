// OC-027, HOME-020: the product started as an operator starts it. The
// product's entry (`pnpm start`, packages/launcher/src/main.ts) runs
// with the built-in default config fitted to this host (GPUs when usable,
// else the labelled CPU fallback); only the two ports become 0 so a run never
// collides with a daemon already on 8080/8090, and the state directory is a
// temporary one. Everything behind the entry is the product's own: the
// pool-managerd beside orchestratord, llama-server built from the pinned source (or
// reused from its cache), the generated tiny GGUF models. The API token is the
// one the daemon generates, read from the file it names, as a user does.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfigForHost } from '@llama-orch/pool-managerd';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const ENTRY = join(REPO_ROOT, 'packages/launcher/src/main.ts');

export interface StartProductOptions {
  /** Environment of the daemon; LLORCH_API_TOKEN is removed so the daemon makes its own token file. */
  env?: NodeJS.ProcessEnv;
  /** How long the daemon may take to listen (its pools load afterwards). */
  listenTimeoutMs?: number;
  /** Edits the host's default config before it is written to the config file the daemon reads. */
  configure?: (config: HostConfig) => HostConfig;
}

type HostConfig = Awaited<ReturnType<typeof defaultConfigForHost>>['config'];

export interface RunningProduct {
  readonly url: string;
  readonly token: string;
  readonly stateDir: string;
  readonly configFile: string;
  /** What the host default chose and why, as the daemon would print it. */
  readonly hostNote: string;
  readonly pools: readonly string[];
  /** Every line the daemon printed (JSON Lines logs and operator messages), in order. */
  readonly output: string[];
  exited(): boolean;
  /** Sends a signal to the product's process (the launcher, orchestratord in it), e.g. SIGHUP. */
  signal(name: NodeJS.Signals): void;
  /** SIGTERM (drain, stop every engine); SIGKILL after 30 s. Resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startProduct(options: StartProductOptions = {}): Promise<RunningProduct> {
  const stateDir = await mkdtemp(join(tmpdir(), 'llorch-haiku-'));
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), NODE_OPTIONS: '' };
  delete env['LLORCH_API_TOKEN'];
  const host = await defaultConfigForHost({ stateDir, env });
  const fitted = options.configure?.(host.config) ?? host.config;
  const config = {
    ...fitted,
    // Parsed, `models` holds only ids and its on-demand pools already sit in `pools` (CFG-022):
    // the file leaves it out so it parses again into the same pools.
    models: undefined,
    server: { ...fitted.server, port: 0 },
    pool_manager: { ...fitted.pool_manager, port: 0 },
  };
  const configFile = join(stateDir, 'llorch.json');
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);

  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, '--config', configFile], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let exitCode: number | null | undefined;
  const exit = new Promise<number | null>((done) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal === null ? null : 128);
      done(exitCode);
    }),
  );
  const listening = waitForLines(child, output, exit, options.listenTimeoutMs ?? 120_000);
  const { url, tokenFile } = await listening.catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exit;
    await rm(stateDir, { recursive: true, force: true });
    throw error;
  });
  const token = (await readFile(tokenFile, 'utf8')).trim();
  let stopping: Promise<number | null> | undefined;
  return {
    url,
    token,
    stateDir,
    configFile,
    hostNote: host.note,
    // On-demand pools load on the first request, so only the preloaded ones are waited for.
    pools: config.pools.filter((p) => p.preload).map((p) => p.id),
    output,
    exited: () => exitCode !== undefined,
    signal: (name) => {
      if (exitCode === undefined) child.kill(name);
    },
    stop: () =>
      (stopping ??= (async () => {
        if (exitCode !== undefined) {
          await rm(stateDir, { recursive: true, force: true });
          return exitCode;
        }
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
        const code = await exit;
        clearTimeout(force);
        // The audit keeps what matters; the state dir holds the models and the token file.
        await rm(stateDir, { recursive: true, force: true });
        return code;
      })()),
  };
}

/** Collects output lines until the daemon says where it listens and where its token is. */
function waitForLines(
  child: ChildProcess,
  output: string[],
  exit: Promise<number | null>,
  timeoutMs: number,
): Promise<{ url: string; tokenFile: string }> {
  return new Promise((resolveFound, reject) => {
    let url: string | undefined;
    let tokenFile: string | undefined;
    let partial = '';
    const timer = setTimeout(
      () => reject(new Error(`orchestratord did not listen within ${timeoutMs} ms:\n${tail(output)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') continue;
        output.push(line);
        url ??= /orchestratord listening on (http:\/\/\S+)/.exec(line)?.[1];
        tokenFile ??= /API token (?:generated and written to|read from) (\S+) \(mode 0600\)/.exec(line)?.[1];
        if (url !== undefined && tokenFile !== undefined) {
          clearTimeout(timer);
          resolveFound({ url, tokenFile });
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`orchestratord exited (code ${code}) before listening:\n${tail(output)}`));
    });
  });
}

export const tail = (lines: readonly string[], n = 25): string => lines.slice(-n).join('\n');
