// POOL-005, POOL-016, POOL-045..POOL-047: start any engine (llama-server, vLLM,
// TGI, Triton) as the leader of its own process group, on ports we picked,
// and hand it back only once its health check (through the engine's adapter)
// says ready. The same death, timeout and port-in-use rules as the llama-server
// launcher apply, because a supervisor must treat all engines alike.
import { setTimeout as delay } from 'node:timers/promises';
import {
  EngineProcessError,
  allocateLoopbackPort,
  isPortInUseLog,
  spawnEngine,
  type EngineChild,
  type EngineExit,
} from '@llama-orch/engine-provision';

export type EngineReadiness = { type: 'ready' } | { type: 'loading' | 'down'; detail: string };

export interface EngineLaunchOptions {
  binaryPath: string;
  /** Builds the command line once the ports are known (ports[0] is the HTTP port). */
  args: (ports: readonly number[]) => string[];
  /** How many loopback ports the engine needs (Triton wants HTTP, gRPC and metrics). */
  portCount?: number;
  host?: string;
  env: NodeJS.ProcessEnv;
  /** Readiness as the engine's adapter sees it, for the endpoint under test. */
  health: (endpoint: string, signal: AbortSignal) => Promise<EngineReadiness>;
  startupTimeoutMs: number;
  onLine: (line: string) => void;
  signal?: AbortSignal;
  /** Kernel-enforced: the engine dies with this process (POOL-016). */
  dieWithParent?: boolean;
  /** Called once the process runs (before it is ready), e.g. to record its pid. */
  onSpawned?: (pid: number, endpoint: string) => void;
  pollMs?: number;
}

export interface RunningEngine {
  pid: number;
  endpoint: string;
  ports: readonly number[];
  exited: Promise<EngineExit>;
  isDone(): boolean;
  /** Signals the whole process group. */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM to the group, SIGKILL after graceMs; resolves once the process is gone. */
  stop(graceMs: number): Promise<EngineExit>;
}

const PORT_ATTEMPTS = 4;
const TAIL = 40;

export async function launchEngine(options: EngineLaunchOptions): Promise<RunningEngine> {
  const host = options.host ?? '127.0.0.1';
  for (let attempt = 1; ; attempt++) {
    const ports: number[] = [];
    for (let i = 0; i < (options.portCount ?? 1); i++) ports.push(await allocateLoopbackPort(host));
    try {
      return await launchOnce(options, host, ports);
    } catch (err) {
      const retry =
        err instanceof EngineProcessError &&
        err.code === 'ENGINE_EXITED_BEFORE_READY' &&
        isPortInUseLog(err.context.lastLog) &&
        attempt < PORT_ATTEMPTS;
      if (!retry) throw err;
    }
  }
}

async function launchOnce(
  options: EngineLaunchOptions,
  host: string,
  ports: number[],
): Promise<RunningEngine> {
  options.signal?.throwIfAborted();
  const lastLog: string[] = [];
  const onLine = (line: string): void => {
    lastLog.push(line);
    if (lastLog.length > TAIL) lastLog.shift();
    options.onLine(line);
  };
  const port = ports[0]!;
  let child: EngineChild;
  try {
    child = await spawnEngine(options.binaryPath, options.args(ports), {
      env: options.env,
      ownProcessGroup: true,
      dieWithParent: options.dieWithParent ?? true,
      onLine,
    });
  } catch (cause) {
    throw new EngineProcessError(
      'ENGINE_SPAWN_FAILED',
      `cannot start ${options.binaryPath}: ${(cause as Error).message}; check launch.binary in the config`,
      { binaryPath: options.binaryPath, port, lastLog },
      { cause },
    );
  }
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  options.onSpawned?.(child.pid, endpoint);
  const context = (exit?: EngineExit) => ({
    binaryPath: options.binaryPath,
    port,
    pid: child.pid,
    lastLog,
    ...(exit && { exit }),
  });
  const deadline = Date.now() + options.startupTimeoutMs;
  let exit: EngineExit | undefined;
  void child.exited.then((e) => (exit = e));
  let lastDetail = 'no answer yet';
  try {
    for (;;) {
      if (options.signal?.aborted) {
        throw new EngineProcessError(
          'ENGINE_START_ABORTED',
          `start of ${options.binaryPath} on port ${port} was aborted`,
          context(),
        );
      }
      if (exit !== undefined || child.isDone()) {
        const e = exit ?? (await child.exited);
        throw new EngineProcessError(
          'ENGINE_EXITED_BEFORE_READY',
          `${options.binaryPath} exited (${e.signal ?? `code ${e.code}`}) before becoming ready on port ${port}. Last output:\n${lastLog.slice(-10).join('\n')}`,
          context(e),
        );
      }
      if (Date.now() >= deadline) {
        throw new EngineProcessError(
          'ENGINE_START_TIMEOUT',
          `${options.binaryPath} was not ready within ${options.startupTimeoutMs} ms on port ${port} (last health: ${lastDetail}); raise timeouts.startup_ms or read the replica log`,
          context(),
        );
      }
      const probe = await options.health(endpoint, AbortSignal.timeout(2_000)).catch((err: unknown) => ({
        type: 'down' as const,
        detail: (err as Error).message,
      }));
      if (probe.type === 'ready') break;
      lastDetail = probe.detail;
      await delay(options.pollMs ?? 100);
    }
  } catch (err) {
    child.signal('SIGKILL');
    await child.exited;
    throw err;
  }

  let stopping: Promise<EngineExit> | undefined;
  return {
    pid: child.pid,
    endpoint,
    ports,
    exited: child.exited,
    isDone: () => child.isDone(),
    signal: (sig) => child.signal(sig),
    stop: (graceMs) =>
      (stopping ??= (async () => {
        child.signal('SIGTERM');
        const force = setTimeout(() => child.signal('SIGKILL'), graceMs);
        const e = await child.exited;
        clearTimeout(force);
        return e;
      })()),
  };
}
