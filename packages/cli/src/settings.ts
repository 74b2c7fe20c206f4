// CLI-005, CLI-006, HOME-004: where the endpoint, token and defaults come from.
// Precedence is flag > environment > config file > built-in default, and the
// result is the same whether the endpoint is on the LAN or an SSH tunnel. The
// token is kept out of every message; a config file that holds it and is
// readable by others earns a warning.
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ENGINES } from '@llama-orch/contracts';
import { z } from 'zod';
import { CliError, EXIT } from './errors.js';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:8080';

/** Every environment variable the CLI reads; `--help` prints this list (CLI-002). */
export const ENVIRONMENT = {
  LLORCH_ADDR: 'endpoint of orchestratord, e.g. http://127.0.0.1:8080 (LLORCH_ENDPOINT is accepted too)',
  LLORCH_API_TOKEN:
    'the shared API token, never printed (else: config token/token_file, else ./.llorch/api-token for a local endpoint)',
  LLORCH_CONFIG: 'path of the config file (default $XDG_CONFIG_HOME/llorch/config.yaml)',
  LLORCH_MODEL: 'default model for submit and chat',
} as const;

/**
 * Where `pnpm start` keeps the token it generates (its default state dir). Read only
 * as the last resort and only for an endpoint on this machine, so running the CLI
 * next to the daemon needs no setup, while a remote endpoint never gets a local secret.
 */
export const LOCAL_TOKEN_FILE = path.join('.llorch', 'api-token');

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const retriesSchema = z.strictObject({
  max_attempts: z.int().min(1).max(100).optional(),
  max_wait_ms: z.int().min(0).max(3_600_000).optional(),
  /** CLI-012: reconnects in a row without progress before a stream is given up. */
  resume_attempts: z.int().min(0).max(100).optional(),
  /** CLI-012: first reconnect delay; it doubles on each further drop. */
  resume_delay_ms: z.int().min(0).max(60_000).optional(),
});

export const cliConfigSchema = z.strictObject({
  endpoint: z.string().min(1).optional(),
  token: z.string().min(1).optional(),
  /** A file holding the token (e.g. a copy of the workstation's <state_dir>/api-token). */
  token_file: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  engine: z.enum(ENGINES).optional(),
  retries: retriesSchema.optional(),
});

export type CliConfigFile = z.infer<typeof cliConfigSchema>;

export interface GlobalFlags {
  endpoint?: string;
  token?: string;
  config?: string;
}

export interface CliSettings {
  endpoint: string;
  token: string | undefined;
  /** Where the token came from, for diagnostics that must not show the token itself. */
  tokenSource: 'flag' | 'env' | 'config' | 'token-file' | 'none';
  configFile: string | undefined;
  model: string | undefined;
  engine: CliConfigFile['engine'];
  retries: {
    maxAttempts: number | undefined;
    maxWaitMs: number | undefined;
    resumeAttempts: number | undefined;
    resumeDelayMs: number | undefined;
  };
}

export interface ResolveSettingsOptions {
  flags: GlobalFlags;
  env: NodeJS.ProcessEnv;
  /** Where relative paths start, and where `.llorch/api-token` is looked for. */
  cwd: string;
  warn: (line: string) => void;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function configPath(flags: GlobalFlags, env: NodeJS.ProcessEnv): { file: string; explicit: boolean } {
  const explicit = nonEmpty(flags.config) ?? nonEmpty(env['LLORCH_CONFIG']);
  if (explicit !== undefined) return { file: path.resolve(explicit), explicit: true };
  const base = nonEmpty(env['XDG_CONFIG_HOME']) ?? path.join(nonEmpty(env['HOME']) ?? homedir(), '.config');
  return { file: path.join(base, 'llorch', 'config.yaml'), explicit: false };
}

function configError(file: string, message: string, cause?: unknown): CliError {
  return new CliError('CONFIG', `config file ${file}: ${message}`, {
    exitStatus: EXIT.usage,
    cause,
    context: { hint: 'fix the file, point LLORCH_CONFIG/--config at another one, or remove it' },
  });
}

async function readConfigFile(file: string, explicit: boolean, warn: (line: string) => void) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return undefined;
    throw configError(file, `cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, cause);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (cause) {
    throw configError(file, `is not valid YAML (${(cause as Error).message.split('\n')[0] ?? ''})`, cause);
  }
  const parsed = cliConfigSchema.safeParse(raw);
  if (!parsed.success) {
    // Paths and expectations only: a value could be the token.
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw configError(file, issues.join('; '));
  }
  if (parsed.data.token !== undefined) {
    const mode = (await stat(file)).mode;
    if ((mode & 0o077) !== 0) {
      warn(`warning: ${file} holds the API token and is readable by group or others; run chmod 600 ${file}`);
    }
  }
  return parsed.data;
}

async function readTokenFile(file: string | undefined, explicit: boolean, warn: (line: string) => void) {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if (!explicit) return undefined;
    throw configError(
      file,
      `the token file cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
      cause,
    );
  }
  if (((await stat(file)).mode & 0o077) !== 0) {
    warn(`warning: token file ${file} is readable by group or others; run chmod 600 ${file}`);
  }
  return nonEmpty(text);
}

/** Accepts `host:port` for convenience and always returns an origin without a trailing slash. */
export function normalizeEndpoint(value: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CliError('USAGE', `endpoint ${JSON.stringify(value)} is not a URL`, {
      exitStatus: EXIT.usage,
      context: { hint: 'use the form http://host:port, e.g. http://127.0.0.1:8080' },
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError('USAGE', `endpoint ${value} must use http or https`, {
      exitStatus: EXIT.usage,
      context: { hint: 'use the form http://host:port, e.g. http://127.0.0.1:8080' },
    });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export async function resolveSettings(options: ResolveSettingsOptions): Promise<CliSettings> {
  const { flags, env } = options;
  const { file, explicit } = configPath(flags, env);
  const fromFile = await readConfigFile(file, explicit, options.warn);
  const endpoint =
    nonEmpty(flags.endpoint) ??
    nonEmpty(env['LLORCH_ADDR']) ??
    nonEmpty(env['LLORCH_ENDPOINT']) ??
    fromFile?.endpoint ??
    DEFAULT_ENDPOINT;
  const normalized = normalizeEndpoint(endpoint);
  const candidates: [CliSettings['tokenSource'], string | undefined][] = [
    ['flag', nonEmpty(flags.token)],
    ['env', nonEmpty(env['LLORCH_API_TOKEN'])],
    ['config', nonEmpty(fromFile?.token)],
  ];
  let found = candidates.find(([, value]) => value !== undefined);
  if (found === undefined) {
    const explicitFile =
      fromFile?.token_file === undefined ? undefined : path.resolve(path.dirname(file), fromFile.token_file);
    const localFile = LOOPBACK.has(new URL(normalized).hostname)
      ? path.resolve(options.cwd, LOCAL_TOKEN_FILE)
      : undefined;
    const token = await readTokenFile(explicitFile ?? localFile, explicitFile !== undefined, options.warn);
    if (token !== undefined) found = ['token-file', token];
  }
  return {
    endpoint: normalized,
    token: found?.[1],
    tokenSource: found?.[0] ?? 'none',
    configFile: fromFile === undefined ? undefined : file,
    model: nonEmpty(env['LLORCH_MODEL']) ?? fromFile?.model,
    engine: fromFile?.engine,
    retries: {
      maxAttempts: fromFile?.retries?.max_attempts,
      maxWaitMs: fromFile?.retries?.max_wait_ms,
      resumeAttempts: fromFile?.retries?.resume_attempts,
      resumeDelayMs: fromFile?.retries?.resume_delay_ms,
    },
  };
}
