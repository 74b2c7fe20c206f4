// Parsing and loading config files (CFG-002, CFG-003, CFG-013).
// parseConfig is the one validation path: files, the built-in default and tests
// all go through it, so they cannot drift apart.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, extname } from 'node:path';
import { ConfigError, DEFAULT_CONFIG_SOURCE } from './config-error.js';
import { resolveConfigPaths } from './config-paths.js';
import type { PathResolutionOptions } from './config-paths.js';
import { llorchConfigSchema } from './schema.js';
import type { LlorchConfig } from './schema.js';
import { readYaml } from './yaml-source.js';
import { toConfigIssues } from './zod-issues.js';
import type { Locate } from './zod-issues.js';

export type ParseConfigOptions = PathResolutionOptions;

/**
 * Validates a plain value (already parsed from YAML/JSON) and fills defaults.
 * `~/` expands to the user's home unless `homeDir` says otherwise; relative
 * paths resolve against `baseDir` when given. Throws ConfigError listing every issue.
 */
export function parseConfig(
  value: unknown,
  source: string = DEFAULT_CONFIG_SOURCE,
  options: ParseConfigOptions = {},
): LlorchConfig {
  return validate(value, source, { homeDir: homedir(), ...options }, () => undefined);
}

function validate(value: unknown, source: string, options: ParseConfigOptions, locate: Locate): LlorchConfig {
  if (value === null || value === undefined) {
    throw new ConfigError([{ path: '', message: 'the config is empty; at least `pools` is needed' }], {
      source,
    });
  }
  const result = llorchConfigSchema.safeParse(value);
  if (!result.success) {
    const issues = toConfigIssues(llorchConfigSchema, value, result.error.issues, locate);
    // In file order when positions are known, so the list reads top to bottom like the file.
    issues.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
    throw new ConfigError(issues, { source });
  }
  return resolveConfigPaths(result.data, options);
}

export interface LoadConfigOptions {
  /** Directory `~` stands for; defaults to the current user's home. */
  homeDir?: string;
}

/** Reads a YAML config file; relative paths inside it resolve against the file's own directory. */
export async function loadConfigFile(path: string, options: LoadConfigOptions = {}): Promise<LlorchConfig> {
  const extension = extname(path).toLowerCase();
  if (extension === '.toml') {
    throw new ConfigError(
      [{ path: '', message: 'TOML configs are not supported; write the same keys as YAML in a .yaml file' }],
      { source: path },
    );
  }
  if (!['.yaml', '.yml', '.json'].includes(extension)) {
    throw new ConfigError(
      [{ path: '', message: `unsupported extension "${extension}"; name the config file *.yaml or *.yml` }],
      { source: path },
    );
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'unknown error';
    const message =
      code === 'ENOENT'
        ? 'config file not found; check the path'
        : `cannot read the config file (${code}); check its permissions`;
    throw new ConfigError([{ path: '', message }], { source: path, cause });
  }
  const yaml = readYaml(text, path);
  return validate(yaml.value, path, { baseDir: dirname(path), homeDir: options.homeDir ?? homedir() }, (p) =>
    yaml.locate(p),
  );
}
