// Turns zod issues into ConfigIssues an operator can act on (CFG-002, CFG-003, CFG-005).
// Received types are read from the raw input here rather than asking zod to
// copy inputs into its issues, so no configured value is ever kept or printed.
import type { z } from 'zod';
import { formatConfigPath } from './config-error.js';
import type { ConfigIssue } from './config-error.js';
import { closestName, expectsInteger, knownKeysAt } from './schema-keys.js';

type Path = readonly PropertyKey[];
/** Maps a raw key path to its place in the source file, when there is one. */
export type Locate = (path: Path) => { line: number; column: number } | undefined;

interface Context {
  schema: z.core.$ZodType;
  input: unknown;
  locate: Locate;
}

/** Keys that would put a secret in the file; they get a pointer to the right place instead. */
const SECRET_KEYS = new Set(['token', 'api_token', 'api_key', 'apikey', 'secret', 'password', 'bearer']);
const SECRET_HINT =
  'inline secrets are not allowed: put the API token in env LLORCH_API_TOKEN or in a file named by server.token_file';

export function toConfigIssues(
  schema: z.core.$ZodType,
  input: unknown,
  issues: readonly z.core.$ZodIssue[],
  locate: Locate = () => undefined,
): ConfigIssue[] {
  const context: Context = { schema, input, locate };
  return issues.flatMap((issue) => convert(context, issue, []));
}

function issueAt(
  context: Context,
  path: Path,
  message: string,
  extra: Partial<ConfigIssue> = {},
): ConfigIssue {
  return { path: formatConfigPath(path), message, ...extra, ...context.locate(path) };
}

function convert(context: Context, issue: z.core.$ZodIssue, base: Path): ConfigIssue[] {
  const path = [...base, ...issue.path];
  const at = (message: string, extra: Partial<ConfigIssue> = {}) => [issueAt(context, path, message, extra)];
  const received = describeValue(context.input, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownKey(context, path, key));
    case 'invalid_type': {
      const integer = issue.expected === 'number' && expectsInteger(context.schema, path);
      const expected = integer ? 'integer' : typeName(issue.expected);
      return received === 'nothing'
        ? at('required key is missing', { expected })
        : at('wrong type', { expected, received });
    }
    case 'invalid_value': {
      const raw = valueAt(context.input, path);
      const options = issue.values.filter((v): v is string => typeof v === 'string');
      const guess = typeof raw === 'string' ? closestName(raw, options) : undefined;
      const hint = guess === undefined ? '' : `; did you mean "${guess}"?`;
      return at(`not an allowed value${hint}`, {
        expected: issue.values.map(showLiteral).join(' | '),
        received,
      });
    }
    case 'too_small':
    case 'too_big':
      return at(issue.code === 'too_small' ? 'too small' : 'too big', { expected: bound(issue), received });
    case 'invalid_format':
      return at('wrong format', { expected: issue.message.replace(/^expected /, ''), received });
    case 'invalid_key':
      return at('invalid key', {
        expected: issue.issues[0]?.message.replace(/^expected /, '') ?? 'a valid key',
      });
    case 'invalid_union':
      return unionIssues(context, issue, path, received);
    default:
      // Cross-field rules (code `custom`) write complete messages of their own.
      return at(issue.message);
  }
}

function unknownKey(context: Context, objectPath: Path, key: string): ConfigIssue {
  const path = [...objectPath, key];
  if (SECRET_KEYS.has(key.toLowerCase())) return issueAt(context, path, `unknown key: ${SECRET_HINT}`);
  const suggestion = closestName(key, knownKeysAt(context.schema, objectPath));
  const hint = suggestion === undefined ? '' : `; did you mean ${suggestion}?`;
  return issueAt(context, path, `unknown key${hint}`);
}

/**
 * A union fails as a whole when the value matched no branch's type; but when a
 * branch accepted the type and failed deeper (an array with one bad item), that
 * branch's own issues are the useful answer.
 */
function unionIssues(
  context: Context,
  issue: z.core.$ZodIssueInvalidUnion,
  path: Path,
  received: string,
): ConfigIssue[] {
  const deeper = issue.errors.filter((branch) =>
    branch.some((inner) => inner.path.length > 0 || inner.code.startsWith('too_')),
  );
  if (deeper.length === 1 && deeper[0] !== undefined) {
    return deeper[0].flatMap((inner) => convert(context, inner, path));
  }
  const expected = issue.errors
    .map((branch) => branch.find((inner) => inner.path.length === 0))
    .map((inner) => {
      if (inner?.code === 'invalid_type') return typeName(inner.expected);
      if (inner?.code === 'invalid_value') return inner.values.map(showLiteral).join(' | ');
      return 'another shape';
    });
  return [issueAt(context, path, 'wrong type', { expected: expected.join(' or '), received })];
}

function bound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  const op = issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  if (issue.origin === 'array') return `array with ${op} ${String(limit)} items`;
  if (issue.origin === 'string') return `string with ${op} ${String(limit)} characters`;
  return `${issue.origin} ${op} ${String(limit)}`;
}

function typeName(expected: string): string {
  return expected === 'int' ? 'integer' : expected;
}

function showLiteral(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

function valueAt(root: unknown, path: Path): unknown {
  let value: unknown = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/** Type of the raw value at `path`; numbers and booleans are shown, strings never are. */
function describeValue(root: unknown, path: Path): string {
  const value = valueAt(root, path);
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array (${value.length} items)`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (typeof value === 'string') return value === '' ? 'empty string' : 'string';
  return typeof value;
}
