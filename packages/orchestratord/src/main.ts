// ORCHD daemon entry (`pnpm start`, POOL-022): load the config (`--config
// FILE`, else the built-in default fitted to this host's GPUs), make sure an
// API token exists, start pool-managerd (which builds llama-server if needed,
// generates the tiny models and supervises the replicas), listen, and print
// the URL and where the token is. SIGINT/SIGTERM drain → grace → force, then
// pool-managerd stops every engine so no llama-server outlives the daemon.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_CONFIG_LABEL,
  ensureApiToken,
  loadConfigFile,
  type LlorchConfig,
} from '@llama-orch/contracts';
import { defaultConfigForHost } from '@llama-orch/pool-managerd';
import { startOrchestratord } from './daemon.js';
import { startPoolManagerLink, type PoolManagerLink } from './engines/pool-managerd-link.js';
import { poolRoutes } from './engines/pool-routes.js';
import { createLogger } from './logging/logger.js';

const USAGE =
  'usage: orchestratord [--config FILE] [--pool-managerd URL]\n' +
  '  without --config the built-in default is used (two tiny generated models; on the GPUs when nvidia-smi lists them, else the CPU fallback)\n' +
  '  --pool-managerd URL  use a pool-managerd that already runs instead of starting one';

async function loadConfig(path: string | undefined): Promise<{ config: LlorchConfig; source: string }> {
  if (path !== undefined) {
    // pnpm runs scripts in the package dir; INIT_CWD is where the user typed the command.
    const file = resolve(process.env.INIT_CWD ?? process.cwd(), path);
    return { config: await loadConfigFile(file), source: file };
  }
  const stateDir = resolve(process.env.INIT_CWD ?? process.cwd(), '.llorch');
  const host = await defaultConfigForHost({ stateDir });
  console.error(`orchestratord: ${DEFAULT_CONFIG_LABEL}: ${host.note}`);
  return { config: host.config, source: DEFAULT_CONFIG_LABEL };
}

async function main(): Promise<void> {
  // `pnpm start -- --config FILE` hands the `--` through; it is not an argument.
  const argv = process.argv.slice(2);
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: { config: { type: 'string' }, 'pool-managerd': { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  const { config, source } = await loadConfig(values.config);
  const token = await ensureApiToken(config, process.env);
  const logger = createLogger({ level: config.observability.log_level, secrets: [token.token] });
  logger.info({ config: source, token_source: token.source, token_file: token.file }, 'configuration loaded');
  console.error(
    token.source === 'env'
      ? 'orchestratord: API token from env LLORCH_API_TOKEN'
      : `orchestratord: API token ${token.source === 'generated' ? 'generated and written to' : 'read from'} ${token.file} (mode 0600); clients read it from there or from LLORCH_API_TOKEN`,
  );

  const running: { replicas?: PoolManagerLink; stopDaemon?: () => Promise<void>; stopping: boolean } = {
    stopping: false,
  };
  const graceMs = Math.max(...config.pools.map((p) => p.timeouts.drain_ms));
  let stoppingSince = 0;
  const shutdown = async (signal: string): Promise<void> => {
    if (running.stopping) {
      // A terminal Ctrl-C reaches us twice (directly and relayed by the tsx wrapper): not a second request.
      if (Date.now() - stoppingSince < 1_000) return;
      logger.warn({ signal }, 'second signal: forcing exit');
      await running.replicas?.stop();
      process.exit(1);
    }
    running.stopping = true;
    stoppingSince = Date.now();
    logger.info({ signal, grace_ms: graceMs }, 'shutting down: draining');
    await running.stopDaemon?.();
    await running.replicas?.stop();
    logger.info('stopped');
    logger.flush();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));

  const replicas = await startPoolManagerLink({
    config,
    token: token.token,
    logger,
    ...(values['pool-managerd'] !== undefined && { url: values['pool-managerd'] }),
    onBuildProgress: (line) => console.error(line),
  });
  running.replicas = replicas;
  console.error(
    `orchestratord: pool-managerd at ${replicas.url}; engines are loading (see GET /v1/pools/{id}/health)`,
  );
  if (running.stopping) {
    await replicas.stop();
    return;
  }
  const daemon = await startOrchestratord({
    config,
    replicas: replicas.bindings,
    token: token.token,
    logger,
    drainGraceMs: graceMs,
    registerRoutes: poolRoutes({
      client: replicas.client,
      url: replicas.url,
      reloadTimeoutMs: 2 * Math.max(...config.pools.map((p) => p.timeouts.startup_ms)) + 30_000,
      refreshRegistry: () => replicas.refresh(),
    }),
  }).catch(async (error: unknown) => {
    await replicas.stop();
    throw error;
  });
  replicas.attach(daemon);
  running.stopDaemon = daemon.stop;
  logger.info({ url: daemon.url }, 'orchestratord listening');
  console.error(`orchestratord listening on ${daemon.url}`);
}

main().catch((error: unknown) => {
  console.error(`orchestratord: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
  // Let pending cleanup (engine stop) finish; nothing else keeps the loop alive.
});
