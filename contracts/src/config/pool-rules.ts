// Per-pool cross-field rules (CFG-006, CFG-007, CFG-008, CFG-009, CFG-017): device
// masks, the launch/endpoints choice, generated models, single-slot determinism
// and engine secrets kept out of the launch section.
import type { IssueSink } from './config-rules.js';
import { checkLaunchSecrets, flagOf } from './secret-rules.js';

/** Flags the llama.cpp launcher sets itself; overriding them would break placement or determinism. */
const LLAMACPP_OWNED_FLAGS = new Set([
  ...['-m', '--model', '--host', '--port', '--api-key', '-c', '--ctx-size', '-np', '--parallel'],
  ...[
    '-t',
    '--threads',
    '-ngl',
    '--gpu-layers',
    '--n-gpu-layers',
    '-ts',
    '--tensor-split',
    '-dev',
    '--device',
  ],
]);

interface PoolRuleInput {
  engine: string;
  devices: number[] | 'cpu';
  allow_cpu_fallback: boolean;
  tensor_split?: number[] | undefined;
  replicas: number;
  determinism: string;
  model: { path?: string | undefined; generate?: unknown };
  launch?:
    | {
        parallel: number;
        gpu_layers?: number | undefined;
        extra_args: string[];
        env: Record<string, string>;
        secret_env: Record<string, unknown>;
      }
    | undefined;
  endpoints?: string[] | undefined;
  metrics_endpoints?: string[] | undefined;
  timeouts: { first_token_ms: number; idle_ms: number; wall_ms: number };
  residency?: unknown;
}

export function checkPool(pool: PoolRuleInput, report: IssueSink): void {
  const { devices, launch, endpoints } = pool;
  // CFG-022: residency starts and stops one engine process; it cannot load what others run.
  if (pool.residency !== undefined && endpoints !== undefined) {
    report({
      path: ['residency'],
      message:
        'an on-demand pool needs launch, not endpoints: engines run elsewhere cannot be loaded or unloaded',
    });
  }
  if (pool.residency !== undefined && pool.replicas !== 1) {
    report({
      path: ['replicas'],
      message: 'an on-demand pool has one replica; list the model twice under other ids for more',
    });
  }
  if (devices === 'cpu' && !pool.allow_cpu_fallback) {
    report({
      path: ['devices'],
      message: 'devices "cpu" is a development fallback: set allow_cpu_fallback: true or list GPU indices',
    });
  }
  if (Array.isArray(devices)) {
    devices.forEach((d, i) => {
      if (devices.indexOf(d) !== i) report({ path: ['devices', i], message: `GPU ${d} is listed twice` });
    });
  }
  if (pool.tensor_split !== undefined) {
    if (devices === 'cpu') {
      report({ path: ['tensor_split'], message: 'tensor_split needs GPU devices; remove it for a CPU pool' });
    } else if (pool.tensor_split.length !== devices.length) {
      report({
        path: ['tensor_split'],
        message: `has ${pool.tensor_split.length} entries but devices has ${devices.length}; give one share per device`,
      });
    }
  }
  if (launch !== undefined && endpoints !== undefined) {
    report({
      path: ['endpoints'],
      message: 'set either launch (pool-managerd spawns the engine) or endpoints (external engine), not both',
    });
  }
  if (endpoints !== undefined) {
    if (pool.replicas > endpoints.length) {
      report({
        path: ['replicas'],
        message: `${pool.replicas} replicas but only ${endpoints.length} endpoint(s); add endpoints or lower replicas`,
      });
    }
    endpoints.forEach((url, i) => {
      if (endpoints.indexOf(url) !== i)
        report({ path: ['endpoints', i], message: 'endpoint is listed twice' });
    });
  }
  // CFG-021: a metrics endpoint belongs to one external engine.
  if (pool.metrics_endpoints !== undefined) {
    if (endpoints === undefined) {
      report({
        path: ['metrics_endpoints'],
        message:
          "metrics_endpoints go with endpoints (external engines); pool-managerd finds a launched engine's metrics itself",
      });
    } else if (pool.metrics_endpoints.length !== endpoints.length) {
      report({
        path: ['metrics_endpoints'],
        message: `has ${pool.metrics_endpoints.length} entries but endpoints has ${endpoints.length}; give one per endpoint, in the same order`,
      });
    }
  }
  if (pool.model.generate !== undefined) {
    if (pool.engine !== 'llamacpp' || endpoints !== undefined) {
      report({ path: ['model', 'generate'], message: 'generated models need engine llamacpp with launch' });
    }
    if (pool.model.path !== undefined) {
      report({ path: ['model', 'path'], message: 'model.generate writes its own file; remove model.path' });
    }
  }
  if (launch !== undefined) checkLaunch(pool, launch, report);
  const { first_token_ms, idle_ms, wall_ms } = pool.timeouts;
  if (first_token_ms > wall_ms) {
    report({ path: ['timeouts', 'first_token_ms'], message: 'must not exceed timeouts.wall_ms' });
  }
  if (idle_ms > wall_ms)
    report({ path: ['timeouts', 'idle_ms'], message: 'must not exceed timeouts.wall_ms' });
}

function checkLaunch(
  pool: PoolRuleInput,
  launch: NonNullable<PoolRuleInput['launch']>,
  report: IssueSink,
): void {
  if (pool.engine === 'llamacpp' && pool.determinism === 'strict' && launch.parallel > 1) {
    report({
      path: ['launch', 'parallel'],
      message: 'llama.cpp is only deterministic with one slot: set parallel: 1 or determinism: best_effort',
    });
  }
  if (pool.devices === 'cpu' && (launch.gpu_layers ?? 0) > 0) {
    report({
      path: ['launch', 'gpu_layers'],
      message: 'a CPU pool cannot offload layers; set gpu_layers: 0',
    });
  }
  const owned = (flag: string): boolean => pool.engine === 'llamacpp' && LLAMACPP_OWNED_FLAGS.has(flag);
  launch.extra_args.forEach((arg, i) => {
    // Name only the flag, never its value: `--api-key=...` must not reach a log.
    const flag = flagOf(arg);
    if (flag !== null && owned(flag)) {
      report({
        path: ['launch', 'extra_args', i],
        message: `${flag} is set by llama-orch from the pool config; use the matching pool field instead`,
      });
    }
  });
  checkLaunchSecrets(launch, report, owned);
}
