// POOL-045, POOL-046, POOL-047: start one llama-server, report it only once
// /health says ready, and stop it with grace-then-force. A port picked by us is
// re-picked if another process grabbed it meanwhile; a fixed port in use is an error.
import { EngineProcessError } from './engine-process-errors.js';
import { spawnEngine } from './engine-child.js';
import type { EngineChild, EngineExit } from './engine-child.js';
import { allocateLoopbackPort } from './free-port.js';
import { isPortInUseLog, llamaServerArgs } from './llama-server-args.js';
import { waitUntilHealthy } from './readiness.js';

export type { EngineExit };

export interface LlamaServerProcessOptions {
  binaryPath: string;
  modelPath: string;
  ctx: number;
  /** Request slots; 1 (the default) is what strict determinism needs. */
  parallel?: number;
  /** CPU threads; defaults to 1 (more oversubscribes small hosts badly). */
  threads?: number;
  host?: string;
  /** Fixed port; when absent a free loopback port is picked (and re-picked if taken meanwhile). */
  port?: number;
  extraArgs?: string[];
  env?: NodeJS.ProcessEnv;
  /** Run the engine as the leader of its own process group, so signals reach anything it forks (POOL-016). */
  ownProcessGroup?: boolean;
  /** Default 60 s. */
  startupTimeoutMs?: number;
  onLog?: (line: string) => void;
  /** Aborts the startup (the child is killed); has no effect once the handle is returned. */
  signal?: AbortSignal;
}

export interface LlamaServerProcess {
  endpoint: string;
  pid: number;
  port: number;
  exited: Promise<EngineExit>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 5000); resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** Sends a signal (default SIGKILL) to the engine, or to its group with `ownProcessGroup`. */
  kill(signal?: NodeJS.Signals): void;
}

const LOG_TAIL = 40;
const PORT_ATTEMPTS = 4;

export async function startLlamaServer(options: LlamaServerProcessOptions): Promise<LlamaServerProcess> {
  const host = options.host ?? '127.0.0.1';
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await allocateLoopbackPort(host));
    try {
      return await startOnce(options, host, port);
    } catch (err) {
      const portTaken =
        err instanceof EngineProcessError &&
        err.code === 'ENGINE_EXITED_BEFORE_READY' &&
        isPortInUseLog(err.context.lastLog);
      if (!portTaken) throw err;
      if (options.port !== undefined) {
        throw new EngineProcessError(
          'ENGINE_PORT_IN_USE',
          `llama-server cannot bind ${host}:${port}: the port is already in use. Free it, choose another port, or leave the port unset so one is picked.`,
          err.context,
          { cause: err },
        );
      }
      if (attempt >= PORT_ATTEMPTS) throw err;
    }
  }
}

async function startOnce(
  options: LlamaServerProcessOptions,
  host: string,
  port: number,
): Promise<LlamaServerProcess> {
  options.signal?.throwIfAborted();
  const args = llamaServerArgs({
    modelPath: options.modelPath,
    ctx: options.ctx,
    host,
    port,
    parallel: options.parallel ?? 1,
    threads: options.threads ?? 1,
    extraArgs: options.extraArgs,
  });
  const lastLog: string[] = [];
  const onLine = (line: string): void => {
    lastLog.push(line);
    if (lastLog.length > LOG_TAIL) lastLog.shift();
    options.onLog?.(line);
  };
  let child: EngineChild;
  try {
    child = await spawnEngine(options.binaryPath, args, {
      env: options.env,
      ownProcessGroup: options.ownProcessGroup,
      onLine,
    });
  } catch (cause) {
    throw new EngineProcessError(
      'ENGINE_SPAWN_FAILED',
      `Cannot start ${options.binaryPath}: ${(cause as Error).message}. Check the path, or run \`pnpm engines:llamacpp\` to build llama-server.`,
      { binaryPath: options.binaryPath, port, lastLog },
      { cause },
    );
  }
  const context = () => ({ binaryPath: options.binaryPath, port, pid: child.pid, lastLog });
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  await waitForReady(child, endpoint, options, context);

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5_000): Promise<void> => {
    stopping ??= (async () => {
      child.signal('SIGTERM');
      const force = setTimeout(() => child.signal('SIGKILL'), graceMs);
      await child.exited;
      clearTimeout(force);
    })();
    return stopping;
  };
  return {
    endpoint,
    pid: child.pid,
    port,
    exited: child.exited,
    stop,
    kill: (signal = 'SIGKILL') => child.signal(signal),
  };
}

async function waitForReady(
  child: EngineChild,
  endpoint: string,
  options: LlamaServerProcessOptions,
  context: () => { binaryPath: string; port: number; pid: number; lastLog: string[] },
): Promise<void> {
  const timeoutMs = options.startupTimeoutMs ?? 60_000;
  const waiting = new AbortController();
  const timer = setTimeout(() => waiting.abort(new Error('startup timeout')), timeoutMs);
  const onCallerAbort = (): void => waiting.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const diedEarly = child.exited.then((exit) => {
    const { port, lastLog } = context();
    return new EngineProcessError(
      'ENGINE_EXITED_BEFORE_READY',
      `llama-server exited (${exit.signal ?? `code ${exit.code}`}) before becoming ready on port ${port}. Last log lines:\n${lastLog.join('\n')}`,
      { ...context(), exit },
    );
  });
  try {
    const outcome = await Promise.race([waitUntilHealthy(endpoint, waiting.signal), diedEarly]);
    if (outcome instanceof EngineProcessError) throw outcome;
  } catch (err) {
    child.signal('SIGKILL');
    await child.exited;
    if (err instanceof EngineProcessError) throw err;
    const aborted = options.signal?.aborted === true;
    throw new EngineProcessError(
      aborted ? 'ENGINE_START_ABORTED' : 'ENGINE_START_TIMEOUT',
      aborted
        ? `llama-server start on port ${context().port} was aborted by the caller.`
        : `llama-server did not answer GET /health with 200 within ${timeoutMs} ms on port ${context().port}; raise startupTimeoutMs or read its log:\n${context().lastLog.join('\n')}`,
      context(),
      { cause: aborted ? options.signal?.reason : err },
    );
  } finally {
    clearTimeout(timer);
    waiting.abort(new Error('settled')); // ends the health poll when the process failed first
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}
