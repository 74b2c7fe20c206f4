// POOL-040: `pnpm engines:llamacpp [--cuda] [--print-path] [--cache-root DIR]`
// builds (or reuses) the real llama-server so operators and CI can provision
// ahead of time. Progress goes to stderr; the binary path goes to stdout.
import { parseArgs } from 'node:util';
import { ensureLlamaServer } from './llama-server-build.js';

const USAGE = `usage: pnpm engines:llamacpp [--cuda] [--print-path] [--cache-root DIR]
  --cuda        build with -DGGML_CUDA=ON (needs nvcc on PATH)
  --print-path  print only the binary path on stdout (no progress)
  --cache-root  cache directory (default \${XDG_CACHE_HOME:-$HOME/.cache}/llama-orch/llama-server)`;

async function main(argv: string[]): Promise<number> {
  let values: { cuda?: boolean; 'print-path'?: boolean; 'cache-root'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        cuda: { type: 'boolean' },
        'print-path': { type: 'boolean' },
        'cache-root': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const quiet = values['print-path'] === true;
  const controller = new AbortController();
  // Ctrl-C must stop the compilers too, not just this process.
  const onSignal = (signal: NodeJS.Signals): void => controller.abort(new Error(`interrupted by ${signal}`));
  // `on`, not `once`: a terminal Ctrl-C reaches this process both directly and
  // relayed by the tsx wrapper, and a second default-handled SIGINT would kill us
  // before the build directory and lock are cleaned up.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const started = Date.now();
  try {
    const result = await ensureLlamaServer({
      cuda: values.cuda === true,
      cacheRoot: values['cache-root'],
      signal: controller.signal,
      onProgress: quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
    });
    if (!quiet) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stderr.write(
        `llama-server ${result.built ? 'built' : 'cached'} in ${seconds}s: ${result.version} [${result.cacheKey}]\n`,
      );
    }
    process.stdout.write(`${result.binaryPath}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
