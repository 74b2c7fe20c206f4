// POOL-022: pool-managerd on its own, for debugging or a split deployment:
//   tsx packages/pool-managerd/src/main.ts [--config FILE]
// Without --config it runs the built-in default. SIGINT/SIGTERM stop every
// engine before the process exits (POOL-016); a second signal is ignored so
// the cleanup is not cut short.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { ensureApiToken, loadConfigFile } from '@llama-orch/contracts';
import { startPoolManagerd } from './daemon.js';
import { defaultConfigForHost } from './host-default.js';

async function main(argv: string[]): Promise<number> {
  // `pnpm start -- --config FILE` hands the `--` through; it is not an argument.
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write('usage: pool-managerd [--config FILE]   (default: the built-in config)\n');
    return 0;
  }
  // pnpm runs scripts in the package dir; INIT_CWD is where the operator typed the command.
  const cwd = process.env['INIT_CWD'] ?? process.cwd();
  let config;
  if (values.config !== undefined) config = await loadConfigFile(path.resolve(cwd, values.config));
  else {
    const host = await defaultConfigForHost({ stateDir: path.resolve(cwd, '.llorch') });
    process.stderr.write(`pool-managerd: built-in default config: ${host.note}\n`);
    config = host.config;
  }
  const token = await ensureApiToken(config, process.env);
  const daemon = await startPoolManagerd({
    config,
    token: token.token,
    onBuildProgress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stderr.write(
    `pool-managerd listening on ${daemon.url} (token from ${token.file ?? 'env LLORCH_API_TOKEN'})\n`,
  );
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      daemon.manager.logger.info({ signal }, 'stopping pool-managerd');
      void daemon.stop().finally(resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`pool-managerd: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
