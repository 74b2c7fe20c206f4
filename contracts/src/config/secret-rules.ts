// Engine secrets stay out of the config text (OC-007, CFG-017): a literal value
// for a secret-looking launch.env name, or a secret-bearing flag in extra_args,
// is refused with a pointer to launch.secret_env. Messages name the key or the
// flag only; the value is never read into a message.
import type { IssueSink } from './config-rules.js';

/** Name parts that mark a secret when they end a name: HF_TOKEN, VLLM_API_KEY, AZURE_CLIENT_SECRET. */
const SECRET_WORDS = new Set(['key', 'token', 'secret', 'password', 'passwd', 'credential', 'credentials']);

/**
 * Triton's restricted-API flags carry a header name and value that act as a
 * credential, though the flag name does not say so.
 */
const SECRET_FLAGS = new Set(['--http-restricted-api', '--grpc-restricted-protocol']);

/**
 * Only the last part counts: it names what the value is. FAKE_ENGINE_TOKEN_DELAY_MS
 * is a delay and HF_TOKEN_PATH a path, while KEYBOARD_LAYOUT and
 * TOKENIZERS_PARALLELISM contain no secret part at all.
 */
function endsInSecretWord(name: string, separator: RegExp): boolean {
  const last = name.split(separator).pop() ?? '';
  return SECRET_WORDS.has(last.toLowerCase());
}

export function looksLikeSecretEnvName(name: string): boolean {
  return endsInSecretWord(name, /_/);
}

/** The flag part of an argument (`--api-key=...` → `--api-key`), or null for a plain value. */
export function flagOf(arg: string): string | null {
  if (!arg.startsWith('-')) return null;
  return arg.split('=')[0] ?? arg;
}

export function isSecretFlag(flag: string): boolean {
  return SECRET_FLAGS.has(flag) || endsInSecretWord(flag.replace(/^-+/, ''), /[-_]/);
}

const USE_SECRET_ENV =
  'the config file may not hold secrets: give the engine this value through launch.secret_env, from an environment variable ({ env: NAME }) or a file ({ file: path })';

interface LaunchSecretsInput {
  env: Record<string, string>;
  secret_env: Record<string, unknown>;
  extra_args: string[];
}

/** `skipFlag` lets an engine's own rule report a flag first (llama.cpp's owned --api-key). */
export function checkLaunchSecrets(
  launch: LaunchSecretsInput,
  report: IssueSink,
  skipFlag: (flag: string) => boolean = () => false,
): void {
  for (const name of Object.keys(launch.env)) {
    if (Object.hasOwn(launch.secret_env, name)) {
      report({
        path: ['launch', 'env', name],
        message: `${name} is also set in launch.secret_env; keep it in one of the two`,
      });
    } else if (looksLikeSecretEnvName(name)) {
      report({ path: ['launch', 'env', name], message: `${name} looks like a secret; ${USE_SECRET_ENV}` });
    }
  }
  launch.extra_args.forEach((arg, i) => {
    const flag = flagOf(arg);
    if (flag === null || skipFlag(flag) || !isSecretFlag(flag)) return;
    report({ path: ['launch', 'extra_args', i], message: `${flag} takes a secret; ${USE_SECRET_ENV}` });
  });
}

export function checkSecretSource(
  source: { env?: string | undefined; file?: string | undefined },
  report: IssueSink,
): void {
  const given = [source.env, source.file].filter((part) => part !== undefined).length;
  if (given !== 1) {
    report({
      path: [],
      message:
        given === 0
          ? "names no source: give env (a variable of pool-managerd's environment) or file (a path)"
          : 'give exactly one source, env or file, not both',
    });
  }
}
