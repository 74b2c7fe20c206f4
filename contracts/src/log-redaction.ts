// MET-027, MET-030: the one redaction policy both daemons log under. Why here:
// orchestratord and pool-managerd must not import each other, and both already
// depend on contracts. This module stays dependency-free: it builds a plain
// options object that pino accepts, so contracts never loads a logger itself.
// Known secret fields are redacted by path; as a last line of defence every
// serialized line is scrubbed of the literal secret values we were given.

/** Field paths (pino/fast-redact syntax) whose values never reach a log line. */
export const LOG_REDACTED_PATHS: readonly string[] = Object.freeze([
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers["x-api-key"]',
  'authorization',
  'token',
  'apiToken',
  'api_token',
  '*.token',
  '*.apiToken',
  '*.api_token',
]);

export const LOG_CENSOR = '[redacted]';

/** Shorter values would scrub ordinary words out of every line. */
const MIN_SECRET_LENGTH = 4;

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface RedactingLogOptions {
  /** The emitting daemon, on every line (MET-027). */
  service: string;
  level?: LogLevel;
  /** Literal secret values (the API token) that must never appear in any line. */
  secrets?: readonly string[];
}

/** The subset of pino's LoggerOptions this policy sets; pass it straight to `pino()`. */
export interface RedactingLoggerConfig {
  level: LogLevel;
  base: { service: string };
  timestamp: () => string;
  redact: { paths: string[]; censor: string };
  hooks: { streamWrite?: (line: string) => string };
}

export function scrubSecrets(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(LOG_CENSOR);
  return out;
}

export function redactingLoggerConfig(options: RedactingLogOptions): RedactingLoggerConfig {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= MIN_SECRET_LENGTH);
  return {
    level: options.level ?? 'info',
    base: { service: options.service },
    // pino's isoTime, written out so this module needs no logger package.
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    redact: { paths: [...LOG_REDACTED_PATHS], censor: LOG_CENSOR },
    hooks: secrets.length === 0 ? {} : { streamWrite: (line) => scrubSecrets(line, secrets) },
  };
}
