// OC-007, CFG-017: engine secrets are read from their sources each time a
// replica starts (so a rotated file takes effect on the next start), never
// from the config text. Failures name the engine variable and its source,
// never a value; they are PoolManagerErrors, so the replica stops in
// Preflight with the message as its last_error instead of retrying blindly.
import { readFile } from 'node:fs/promises';
import type { SecretSource } from '@llama-orch/contracts';
import { PoolManagerError } from '../errors.js';

type Outcome = { value: string } | { problem: string };

async function readSource(name: string, source: SecretSource, env: NodeJS.ProcessEnv): Promise<Outcome> {
  const where = `launch.secret_env.${name}`;
  if ('env' in source) {
    const value = env[source.env]?.trim();
    if (value === undefined) {
      return {
        problem: `${where}: env ${source.env} is not set in pool-managerd's environment; set it before starting pool-managerd`,
      };
    }
    if (value === '') return { problem: `${where}: env ${source.env} is empty; give it the secret's value` };
    return { value };
  }
  let text: string;
  try {
    text = await readFile(source.file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'unknown error';
    const fix = code === 'ENOENT' ? 'create it with the value on one line' : 'check its permissions';
    return { problem: `${where}: cannot read file ${source.file} (${code}); ${fix}` };
  }
  const value = text.trim();
  if (value === '') return { problem: `${where}: file ${source.file} is empty; write the value on one line` };
  if (/[\r\n]/.test(value)) {
    return { problem: `${where}: file ${source.file} holds more than one line; keep only the value in it` };
  }
  return { value };
}

/** Every secret of one replica, or one error listing every source that failed. */
export async function resolveSecretEnv(
  poolId: string,
  secretEnv: Readonly<Record<string, SecretSource>>,
  env: NodeJS.ProcessEnv,
): Promise<Record<string, string>> {
  const names = Object.keys(secretEnv);
  const outcomes = await Promise.all(names.map((name) => readSource(name, secretEnv[name]!, env)));
  const problems = outcomes.flatMap((outcome) => ('problem' in outcome ? [outcome.problem] : []));
  if (problems.length > 0) {
    throw new PoolManagerError('ENGINE_UNAVAILABLE', `pool ${poolId}: ${problems.join('; ')}`, {
      poolId,
      context: { secret_env: names },
    });
  }
  return Object.fromEntries(names.map((name, i) => [name, (outcomes[i] as { value: string }).value]));
}
