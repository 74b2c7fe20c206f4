// The llama-server processes of one stack, as the OS sees them (ps), so a test
// can compare them with the pids pool-managerd reports: an engine alive that
// nobody owns is a leak, whatever the API says. A stack's engines are told
// apart from other stacks' (other test files run in parallel) by a path only
// its command lines contain: its state dir (generated models live there) or a
// model file the test made for it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ENGINE_NAME = 'llama-server';
/** ps STAT of a process that has exited and waits to be reaped: not alive. */
const ZOMBIE = 'Z';

export interface EngineProcess {
  pid: number;
  args: string;
}

/** Live llama-server processes whose command line contains one of `markers`. */
export async function engineProcesses(markers: readonly string[]): Promise<EngineProcess[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,stat=,args=']);
  const found: EngineProcess[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (match === null) continue;
    const [, pid, stat, args] = match;
    if (stat!.startsWith(ZOMBIE) || !args!.includes(ENGINE_NAME)) continue;
    if (markers.some((m) => args!.includes(m))) found.push({ pid: Number(pid), args: args! });
  }
  return found;
}
