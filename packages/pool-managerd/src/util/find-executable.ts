// Bare engine names in the config (`llama-server`, `vllm`) are looked up on the
// PATH the engine will run with, not pool-managerd's working directory.
import { access, constants } from 'node:fs/promises';
import path from 'node:path';

export async function findExecutable(binary: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const candidates = binary.includes('/')
    ? [path.resolve(binary)]
    : (env['PATH'] ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .map((d) => path.join(d, binary));
  for (const candidate of candidates) {
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}
