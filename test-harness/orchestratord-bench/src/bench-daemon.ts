// The daemon under test, as its own process: orchestratord's public factory
// with every pool served by an external engine endpoint (the paced engines),
// so the figures measure the data plane itself and nothing that supervises
// engines. Usage: tsx src/bench-daemon.ts CONFIG_FILE (token from LLORCH_API_TOKEN).
import { loadConfigFile } from '@llama-orch/contracts';
import { createLogger, startOrchestratord, type ReplicaBinding } from '@llama-orch/orchestratord';
import { createLlamaCppAdapter } from '@llama-orch/worker-adapters';

const file = process.argv[2];
const token = process.env.LLORCH_API_TOKEN;
if (file === undefined || token === undefined) {
  console.error('usage: LLORCH_API_TOKEN=... tsx src/bench-daemon.ts CONFIG_FILE');
  process.exit(2);
}
const config = await loadConfigFile(file);
const logger = createLogger({ level: config.observability.log_level, secrets: [token] });
const replicas: ReplicaBinding[] = config.pools.flatMap((pool) =>
  (pool.endpoints ?? []).map((endpoint, i) => ({
    pool_id: pool.id,
    replica_id: `${pool.id}-${i}`,
    adapter: createLlamaCppAdapter({ endpoint }),
  })),
);
const daemon = await startOrchestratord({ config, replicas, token, logger, drainGraceMs: 500 });
console.error(`orchestratord listening on ${daemon.url}`);
process.on('SIGTERM', () => void daemon.stop().then(() => process.exit(0)));
