// ConfigError: every problem in a config file, reported at once (CFG-002, CFG-003, CFG-005).
// The message is meant to be printed as-is to an operator; it names where each
// problem is and what was expected, and never echoes a configured string value.
import { TypedError } from '../typed-error.js';

export interface ConfigIssue {
  /** Dotted key path, e.g. `pools[0].queue.capacity`; empty for problems with the whole file. */
  readonly path: string;
  /** What is wrong and, where useful, what to do. */
  readonly message: string;
  /** The type or values the schema wanted. */
  readonly expected?: string;
  /** The type found (values only for numbers and booleans, never for strings). */
  readonly received?: string;
  /** 1-based position in the source file, when the input came from a file. */
  readonly line?: number;
  readonly column?: number;
}

export interface ConfigErrorOptions {
  /** File name (or a label such as `built-in default config`) used in every issue line. */
  source?: string;
  cause?: unknown;
}

export const DEFAULT_CONFIG_SOURCE = '<config>';

export class ConfigError extends TypedError<'INVALID_CONFIG', { readonly source: string }> {
  override readonly name = 'ConfigError';
  readonly source: string;
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], options: ConfigErrorOptions = {}) {
    const source = options.source ?? DEFAULT_CONFIG_SOURCE;
    // A broken config stays broken until someone edits it.
    super('INVALID_CONFIG', formatConfigIssues(source, issues), {
      retriable: false,
      context: { source },
      cause: options.cause,
    });
    this.source = source;
    this.issues = Object.freeze([...issues]);
  }
}

/** One line per issue: `<file>[:line:col]: <path>: <what is wrong> (expected X, got Y)`. */
export function formatConfigIssue(source: string, issue: ConfigIssue): string {
  const where = issue.line === undefined ? source : `${source}:${issue.line}:${issue.column ?? 1}`;
  const types = [
    issue.expected === undefined ? undefined : `expected ${issue.expected}`,
    issue.received === undefined ? undefined : `got ${issue.received}`,
  ].filter((part) => part !== undefined);
  const detail = types.length === 0 ? '' : ` (${types.join(', ')})`;
  const path = issue.path === '' ? '' : `${issue.path}: `;
  return `${where}: ${path}${issue.message}${detail}`;
}

function formatConfigIssues(source: string, issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const lines = issues.map((issue) => `  ${formatConfigIssue(source, issue)}`);
  return [`invalid llama-orch config ${source} (${count}; fix and retry):`, ...lines].join('\n');
}

/** `['pools', 0, 'queue']` → `pools[0].queue`; odd keys are quoted: `env["a.b"]`. */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$-]*$/.test(segment)) {
      out += out === '' ? segment : `.${segment}`;
    } else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}
