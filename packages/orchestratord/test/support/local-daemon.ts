// orchestratord over a real pool-managerd in its own process (see
// pool-managerd-process.ts), wired as the product wires them: by URL and
// token only, with the pool routes and the event stream. One call starts
// both, one stop() stops both; a pool shape for engines the test runs itself
// (simulators at fixed endpoints).
import type { Writable } from 'node:stream';
import type { LlorchConfig } from '@llama-orch/contracts';
import type { Logger } from 'pino';
import { startOverPoolManagerd, type DataPlaneTuning, type OrchestratordOverPool } from '../../src/index.js';
import { TOKEN } from './harness.js';
import { startPoolManagerdProcess, type PoolManagerdProcess } from './pool-managerd-process.js';

/** A CPU pool of engines someone else runs at `endpoint`, serving the simulators' `golden` model. */
export const endpointPool = (id: string, engine: string, endpoint: string) => ({
  id,
  engine,
  model: { ref: 'golden' },
  devices: 'cpu',
  allow_cpu_fallback: true,
  ctx: 2048,
  endpoints: [endpoint],
});

export interface LocalDaemon extends OrchestratordOverPool {
  poolManagerd: PoolManagerdProcess;
}

export interface LocalDaemonOptions {
  logger: Logger;
  tuning?: Partial<DataPlaneTuning>;
  /** Where pool-managerd's log lines go (e.g. the test's LogSink). */
  poolManagerdLog?: Writable;
}

export async function startLocalDaemon(
  config: LlorchConfig,
  options: LocalDaemonOptions,
): Promise<LocalDaemon> {
  const poolManagerd = await startPoolManagerdProcess(config, {
    token: TOKEN,
    ...(options.poolManagerdLog !== undefined && { log: options.poolManagerdLog }),
  });
  const running = await startOverPoolManagerd({
    config,
    token: TOKEN,
    logger: options.logger,
    poolManagerdUrl: poolManagerd.url,
    host: '127.0.0.1',
    port: 0,
    drainGraceMs: 10_000,
    ...(options.tuning !== undefined && { tuning: options.tuning }),
  }).catch(async (error: unknown) => {
    await poolManagerd.stop();
    throw error;
  });
  return {
    ...running,
    poolManagerd,
    stop: async () => {
      await running.stop();
      await poolManagerd.stop();
    },
  };
}
