// Child processes the benchmark runs: paced engines and the product, each in its
// own process so the client, the daemons and the engines do not share one event
// loop. The product runs as `npm start -- --config FILE` runs it: compiled
// JavaScript under plain node (built first when stale), orchestratord and
// pool-managerd in one process, at the config's default log level.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export interface Child {
  process: ChildProcess;
  stop(): Promise<void>;
}

function watchLines(
  child: ChildProcess,
  match: (line: string) => string | undefined,
  what: string,
): Promise<string> {
  const seen: string[] = [];
  return new Promise((resolveValue, reject) => {
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue;
        seen.push(line);
        const value = match(line);
        if (value === undefined) continue;
        // Ready: from here its output is discarded unread, so a chatty child (the daemon logs
        // eight lines per request at its default level) costs the measuring process nothing.
        child.stdout?.off('data', onData).resume();
        child.stderr?.off('data', onData).resume();
        resolveValue(value);
        return;
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`${what} exited (${code}) before it was ready:\n${seen.slice(-15).join('\n')}`)),
    );
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
}

/** A helper script of ours in its own process that prints {"endpoint": …} once it listens. */
async function startEndpointChild(
  script: string,
  args: string[],
  what: string,
): Promise<Child & { endpoint: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, script), ...args], {
    cwd: resolve(here, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const endpoint = await watchLines(
    child,
    (line) => (line.startsWith('{') ? (JSON.parse(line) as { endpoint?: string }).endpoint : undefined),
    what,
  );
  return { process: child, endpoint, stop: stopper(child) };
}

/** A paced engine; `label` names it in the rows measured on it. */
export async function startPacedEngine(
  rate: number,
  slots: number,
): Promise<Child & { endpoint: string; label: string }> {
  const child = await startEndpointChild(
    'paced-engine.ts',
    ['--rate', String(rate), '--slots', String(slots)],
    'paced engine',
  );
  return { ...child, label: `paced simulator (${rate} tok/s, ${slots} slot${slots === 1 ? '' : 's'})` };
}

/** A plain proxy in front of one engine (plain-proxy.ts), in its own process. */
export function startPlainProxy(target: string): Promise<Child & { endpoint: string }> {
  return startEndpointChild('plain-proxy.ts', ['--target', target], 'plain proxy');
}

/** Fastify, configured as the product is, forwarding to one engine (fastify-proxy.ts), in its own process. */
export function startFastifyProxy(target: string): Promise<Child & { endpoint: string }> {
  return startEndpointChild('fastify-proxy.ts', ['--target', target], 'Fastify proxy');
}

export interface DaemonPool {
  id: string;
  endpoint: string;
  capacity: number;
  /** Context per slot; the paced engines take any (default 65536), a real engine its own. */
  ctx?: number;
}

export async function startDaemon(
  pools: readonly DaemonPool[],
  token: string,
): Promise<Child & { url: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'llorch-bench-'));
  const config = [
    `server: { bind: 127.0.0.1, port: 0, state_dir: ${dir} }`,
    'pool_manager: { port: 0 }',
    // No observability section: the daemon logs at its default level, as `npm start` runs it.
    'pools:',
    ...pools.flatMap((p) => [
      `  - id: ${p.id}`,
      `    model: { ref: ${p.id} }`,
      '    devices: cpu',
      '    allow_cpu_fallback: true',
      `    ctx: ${p.ctx ?? 65536}`,
      `    endpoints: [${p.endpoint}]`,
      `    queue: { capacity: ${p.capacity}, full_policy: reject }`,
      '    timeouts: { drain_ms: 500, first_token_ms: 60000, idle_ms: 60000, wall_ms: 600000 }',
    ]),
  ].join('\n');
  const file = join(dir, 'bench.yaml');
  await writeFile(file, `${config}\n`);
  const repo = resolve(here, '../../..');
  const child = spawn(process.execPath, [join(repo, 'packages/launcher/bin/start.js'), '--config', file], {
    cwd: repo,
    env: { ...process.env, NODE_OPTIONS: '', LLORCH_API_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await watchLines(
    child,
    (line) => /orchestratord listening on (http:\/\/\S+)/.exec(line)?.[1],
    'orchestratord',
  );
  return { process: child, url, stop: stopper(child) };
}
