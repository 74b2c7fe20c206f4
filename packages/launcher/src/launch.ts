// POOL-022, ORCHD-045: the only place that knows both daemons. It starts
// pool-managerd, orchestratord, or both in this process, and wires them only
// through pool-managerd's URL and the shared token (orchestratord follows it
// with the typed pool client, as it would one in another process). Run apart
// (`--only pool-managerd`, then `--only orchestratord`), orchestratord can be
// stopped, killed or upgraded while the engines stay loaded.
import { startOverPoolManagerd } from '@llama-orch/orchestratord';
import { startPoolManagerd, type RunningPoolManagerd } from '@llama-orch/pool-managerd';
import type { LlorchConfig } from '@llama-orch/contracts';
import type { Logger } from 'pino';
import { configuredPoolManagerdUrl } from './launch-config.js';

export const LAUNCH_MODES = ['both', 'pool-managerd', 'orchestratord'] as const;
export type LaunchMode = (typeof LAUNCH_MODES)[number];

export interface LaunchOptions {
  mode: LaunchMode;
  config: LlorchConfig;
  token: string;
  /** orchestratord's logger; pool-managerd logs through a child of it when both share this process. */
  logger: Logger;
  /** For mode 'orchestratord': the pool-managerd to use; defaults to the config's pool_manager address. */
  poolManagerdUrl?: string;
  /** llama-server build progress (first start on a fresh machine). */
  onBuildProgress?: (line: string) => void;
  /** Called once pool-managerd's URL is known, before orchestratord starts. */
  onPoolManagerd?: (url: string) => void;
}

export interface RunningLaunch {
  readonly poolManagerdUrl: string;
  /** Unset in mode 'pool-managerd'. */
  readonly orchestratordUrl?: string;
  /** orchestratord drains and closes first; then pool-managerd (if this process runs it) stops every engine. */
  stop(): Promise<void>;
  /** Re-reads the clients' token files (SIGHUP, ORCHD-086); nothing to do without orchestratord. */
  reloadTokens(trigger: string): Promise<void>;
}

export async function launch(options: LaunchOptions): Promise<RunningLaunch> {
  const { mode, config, token, logger } = options;
  let pool: RunningPoolManagerd | undefined;
  if (mode !== 'orchestratord') {
    pool = await startPoolManagerd({
      config,
      token,
      // Alone, pool-managerd logs as itself; beside orchestratord, into the one log stream.
      ...(mode === 'both' && { logger: logger.child({ component: 'pool-managerd' }) }),
      ...(options.onBuildProgress && { onBuildProgress: options.onBuildProgress }),
    });
  }
  const poolManagerdUrl = pool?.url ?? options.poolManagerdUrl ?? configuredPoolManagerdUrl(config);
  options.onPoolManagerd?.(poolManagerdUrl);
  if (pool !== undefined && mode === 'pool-managerd') {
    return { poolManagerdUrl, stop: pool.stop, reloadTokens: async () => undefined };
  }

  const orchestratord = await startOverPoolManagerd({ config, token, logger, poolManagerdUrl }).catch(
    async (error: unknown) => {
      await pool?.stop();
      throw error;
    },
  );
  let stopping: Promise<void> | undefined;
  return {
    poolManagerdUrl,
    orchestratordUrl: orchestratord.daemon.url,
    reloadTokens: async (trigger) => orchestratord.daemon.clients?.reload(trigger),
    stop: () =>
      (stopping ??= (async () => {
        await orchestratord.stop();
        await pool?.stop();
      })()),
  };
}
