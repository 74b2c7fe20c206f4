// POOL-022, CFG-011, OC-008: `npm start`. Loads the config (`--config FILE`,
// else the built-in default fitted to this host), makes sure an API token
// exists, and starts both daemons in this process, or one of them
// (`--only pool-managerd`, or `--pool-managerd URL` for orchestratord alone),
// then prints where they listen and where the token is. SIGINT/SIGTERM drain
// orchestratord, then stop pool-managerd and every engine it runs; SIGHUP re-reads
// the agent clients' token files (ORCHD-086).
import { parseArgs } from 'node:util';
import { ensureApiToken } from '@llama-orch/contracts';
import { createLogger } from '@llama-orch/orchestratord';
import { LAUNCH_MODES, launch, type LaunchMode, type RunningLaunch } from './launch.js';
import { loadLaunchConfig } from './launch-config.js';

const USAGE =
  'usage: npm start -- [--config FILE] [--only pool-managerd|orchestratord] [--pool-managerd URL]\n' +
  '  without --config the built-in default is used (three tiny generated models; on the GPUs when nvidia-smi lists them, else the CPU fallback)\n' +
  '  --only pool-managerd   run pool-managerd alone: it owns the engines, which live as long as it does\n' +
  "  --only orchestratord   run orchestratord alone against a pool-managerd that already runs (the config's pool_manager address)\n" +
  '  --pool-managerd URL    that pool-managerd (implies --only orchestratord)';

function modeOf(only: string | undefined, poolManagerdUrl: string | undefined): LaunchMode {
  if (only === undefined) return poolManagerdUrl === undefined ? 'both' : 'orchestratord';
  const mode = LAUNCH_MODES.find((m) => m === only && m !== 'both');
  if (mode === undefined) throw new Error(`--only takes pool-managerd or orchestratord, not ${only}`);
  if (mode === 'pool-managerd' && poolManagerdUrl !== undefined)
    throw new Error(
      '--pool-managerd URL names the pool-managerd orchestratord uses; drop it with --only pool-managerd',
    );
  return mode;
}

/** Who speaks in messages: orchestratord (also when both run), or pool-managerd alone. */
let name = 'orchestratord';

async function main(): Promise<void> {
  // `pnpm start -- --config FILE` hands the `--` through; it is not an argument.
  const argv = process.argv.slice(2);
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: {
      config: { type: 'string' },
      only: { type: 'string' },
      'pool-managerd': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  const mode = modeOf(values.only, values['pool-managerd']);
  if (mode === 'pool-managerd') name = 'pool-managerd';
  const { config, source, note } = await loadLaunchConfig(values.config);
  if (note !== undefined) console.error(`${name}: ${source}: ${note}`);
  const token = await ensureApiToken(config, process.env);
  const logger = createLogger({ level: config.observability.log_level, secrets: [token.token] });
  logger.info(
    { config: source, mode, token_source: token.source, token_file: token.file },
    'configuration loaded',
  );
  console.error(
    token.source === 'env'
      ? `${name}: API token from env LLORCH_API_TOKEN`
      : `${name}: API token ${token.source === 'generated' ? 'generated and written to' : 'read from'} ${token.file} (mode 0600); clients read it from there or from LLORCH_API_TOKEN`,
  );

  // Set once the daemons run; a signal before that finds nothing to stop yet.
  const started: { running?: RunningLaunch } = {};
  let stopping = false;
  let stoppingSince = 0;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) {
      // A terminal Ctrl-C reaches us twice (directly and relayed by the tsx wrapper): not a second request.
      if (Date.now() - stoppingSince < 1_000) return;
      logger.warn({ signal }, 'second signal: forcing exit');
      process.exit(1);
    }
    stopping = true;
    stoppingSince = Date.now();
    logger.info({ signal }, 'shutting down: draining');
    await started.running?.stop();
    logger.info('stopped');
    logger.flush();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
  // ORCHD-086: SIGHUP re-reads the clients' token files (a rotation) instead of ending the process.
  process.on('SIGHUP', () => {
    if (!stopping) void started.running?.reloadTokens('SIGHUP');
  });

  const running = await launch({
    mode,
    config,
    token: token.token,
    logger,
    ...(values['pool-managerd'] !== undefined && { poolManagerdUrl: values['pool-managerd'] }),
    onBuildProgress: (line) => console.error(line),
    onPoolManagerd: (url) =>
      console.error(
        mode === 'pool-managerd'
          ? `pool-managerd listening on ${url}`
          : `orchestratord: pool-managerd at ${url}; engines are loading (see GET /v1/pools/{id}/health)`,
      ),
  });
  started.running = running;
  // A signal that arrived while the daemons were starting found nothing to stop yet.
  if (stopping) await running.stop();
  else if (running.orchestratordUrl !== undefined) {
    logger.info({ url: running.orchestratordUrl }, 'orchestratord listening');
    console.error(`orchestratord listening on ${running.orchestratordUrl}`);
  }
}

main().catch((error: unknown) => {
  console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
  // Let pending cleanup (engine stop) finish; nothing else keeps the loop alive.
});
