// CFG-011, HOME-007, HOME-008, POOL-022: the config a launch runs with. A
// file when `--config FILE` names one (relative to where the operator typed
// the command), else the built-in default fitted to this host's GPUs. Every
// mode computes it the same way, so pool-managerd and orchestratord started
// as two processes without --config agree on the pools.
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_LABEL, loadConfigFile, type LlorchConfig } from '@llama-orch/contracts';
import { defaultConfigForHost } from '@llama-orch/pool-managerd';

export interface LaunchConfig {
  config: LlorchConfig;
  /** The config file, or the built-in default's label. */
  source: string;
  /** For the built-in default: what was chosen for this host and why. */
  note?: string;
}

export async function loadLaunchConfig(
  path: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LaunchConfig> {
  // pnpm runs scripts in the package dir; INIT_CWD is where the operator typed the command.
  const cwd = env['INIT_CWD'] ?? process.cwd();
  if (path !== undefined) {
    const file = resolve(cwd, path);
    return { config: await loadConfigFile(file), source: file };
  }
  const host = await defaultConfigForHost({ stateDir: resolve(cwd, '.llorch'), env });
  return { config: host.config, source: DEFAULT_CONFIG_LABEL, note: host.note };
}

/** Where a pool-managerd started from this config listens (the default for --only orchestratord). */
export function configuredPoolManagerdUrl(config: LlorchConfig): string {
  const { bind, port } = config.pool_manager;
  return `http://${bind.includes(':') ? `[${bind}]` : bind}:${port}`;
}
