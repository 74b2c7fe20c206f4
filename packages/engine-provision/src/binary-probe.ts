// POOL-041, POOL-043: a cached or operator-supplied llama-server is trusted only
// after it actually runs. `--version` exits at once without a model and names the
// commit, which pins engine_version for determinism (DET-004).
import { execFile } from 'node:child_process';
import { ProvisionError } from './provision-errors.js';

export interface ProbeResult {
  binaryPath: string;
  /** What follows `version:`, e.g. `0.5.0-dev (build 1, commit de3ff81)`. */
  version: string;
  /** Short commit named in the version output, when present. */
  commit: string | undefined;
}

/** Pure: pulls the version and commit out of `--version` output (stderr and stdout joined). */
export function parseVersionOutput(
  output: string,
): { version: string; commit: string | undefined } | undefined {
  const line = /^version:\s*(.+)$/m.exec(output)?.[1]?.trim();
  if (!line) return undefined;
  const commit = /commit ([0-9a-f]{7,40})/.exec(line)?.[1] ?? /\(([0-9a-f]{7,40})\)/.exec(line)?.[1];
  return { version: line, commit };
}

export interface ProbeOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export function probeLlamaServerBinary(binaryPath: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    execFile(
      binaryPath,
      ['--version'],
      { env: options.env, timeout: options.timeoutMs ?? 15_000, signal: options.signal },
      (error, stdout, stderr) => {
        const output = `${stderr}\n${stdout}`;
        const parsed = error ? undefined : parseVersionOutput(output);
        if (parsed) {
          resolve({ binaryPath, ...parsed });
          return;
        }
        reject(
          new ProvisionError(
            'BINARY_INVALID',
            `${binaryPath} is not a working llama-server (\`--version\` ${
              error ? `failed: ${error.message}` : 'printed no version line'
            }). Point the config at a llama-server build, or remove it and run \`pnpm engines:llamacpp\`.`,
            { cause: error, context: { binaryPath, output: output.trim().slice(-2000) } },
          ),
        );
      },
    );
  });
}
