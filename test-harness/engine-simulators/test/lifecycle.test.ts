// WA-013: simulators are well-behaved processes: a graceful stop exits 0, a kill is
// a real SIGKILL, they never outlive their parent, and bad command lines fail
// with a message that says what to pass instead.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArgs, toArgs } from '../src/cli-args.js';
import { resolveOptions, startSimulator } from '../src/index.js';
import { probe, waitFor } from './support/http.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('simulator process lifecycle', () => {
  it('stop() ends the process gracefully and the port closes [WA-013]', async () => {
    const sim = await startSimulator({ protocol: 'tgi' });
    await sim.stop();
    expect(await sim.exited).toEqual({ code: 0, signal: null });
    expect(await probe(`${sim.endpoint}/health`)).toBe('ECONNREFUSED');
  });

  it('kill() delivers SIGKILL by default [WA-013]', async () => {
    const sim = await startSimulator({ protocol: 'triton' });
    await sim.kill();
    expect(await sim.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('exits on its own when the process that started it dies [WA-013]', async () => {
    const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const script = fileURLToPath(new URL('./support/parent-process.ts', import.meta.url));
    const parent = spawn(process.execPath, ['--import', loader, script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pid = await new Promise<number>((resolve, reject) => {
      parent.stdout.setEncoding('utf8');
      parent.stdout.once('data', (line: string) => resolve((JSON.parse(line) as { pid: number }).pid));
      parent.once('exit', () => reject(new Error('parent exited before starting the simulator')));
    });
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    expect(
      await waitFor(
        5000,
        async () => alive(pid),
        (up) => !up,
      ),
    ).toBe(false);
  });
});

describe('simulator command line', () => {
  it('round-trips every option through argv [WA-013]', () => {
    const options = resolveOptions({
      protocol: 'triton',
      model: 'seeded',
      tokenDelayMs: 3,
      faults: [{ type: 'exit-after', tokens: 5 }, { type: 'http-500' }],
      tritonSeedInput: 'random_seed',
      vllmLegacyKvMetric: true,
      toolCalls: [
        { name: 'get_weather', arguments: '{"city":"Paris"}' },
        { name: 'lookup', arguments: '{"q":"a=b"}' },
      ],
    });
    expect(parseArgs(toArgs(options))).toEqual(options);
  });

  it('rejects unknown faults and options with the accepted forms [WA-013]', () => {
    expect(() => parseArgs(['--protocol', 'vllm', '--fault', 'explode'])).toThrow(
      /use exit-after:N, hang-after:N/,
    );
    expect(() => parseArgs(['--protocol', 'vllm', '--fault', 'exit-after:x'])).toThrow(
      /non-negative integer/,
    );
    expect(() => parseArgs(['--protocol', 'ollama'])).toThrow(/llamacpp, vllm, tgi, triton/);
    expect(() => parseArgs(['--port', '1'])).toThrow(/--protocol is required/);
    expect(() => parseArgs(['--protocol', 'vllm', '--colour', 'red'])).toThrow(/unknown option "--colour"/);
    expect(() => parseArgs(['--protocol', 'vllm', '--tool-call', 'get_weather'])).toThrow(
      /NAME=\{json object\}/,
    );
  });
});
