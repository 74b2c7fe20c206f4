// The product run as two processes, as an operator splits it to restart or
// upgrade orchestratord without reloading models: `npm start -- --only
// pool-managerd` owns the engines, `npm start -- --pool-managerd URL` runs
// orchestratord against it. Each is one node process (no wrapper), so a test
// can SIGKILL exactly orchestratord.
import { spawn, type ChildProcess } from 'node:child_process';
import { PRODUCT_MAIN, waitFor } from './index.js';

export interface ProductPart {
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code and signal once the process is gone. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startProductPart(args: readonly string[], token: string): Promise<ProductPart> {
  const child = spawn(process.execPath, ['--import', 'tsx', PRODUCT_MAIN, ...args], {
    env: { ...process.env, NODE_OPTIONS: '', LLORCH_API_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const listening = /(?:orchestratord|pool-managerd) listening on (http:\/\/\S+)/;
  const url = await waitFor(
    `${args.join(' ')} to listen`,
    () =>
      listening.exec(out)?.[1] ??
      (child.exitCode !== null ? Promise.reject(new Error(`exited before listening:\n${out}`)) : undefined),
    // The first start on a fresh machine builds llama-server (minutes).
    900_000,
  );
  return { url, child, output: () => out, exited };
}

/** SIGINT (Ctrl-C) unless it is already gone; resolves once it is. */
export async function stopPart(part: ProductPart | undefined): Promise<void> {
  if (part === undefined) return;
  if (part.child.exitCode === null && part.child.signalCode === null) part.child.kill('SIGINT');
  await part.exited;
}
