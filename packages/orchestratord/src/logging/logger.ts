// ORCHD logging (MET-027, MET-030, ORCHD-050, OC-006): JSON Lines via pino, one line per
// event, grouped by correlation id. Secrets never reach a log line: known
// secret fields are redacted by path, and as a last line of defence every
// serialized line is scrubbed of the literal token values we were given.
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Where lines go; stdout by default. Tests pass an in-memory stream to grep the output. */
  destination?: DestinationStream;
  /** Literal secret values (the API token) that must never appear in any line. */
  secrets?: readonly string[];
}

export const REDACTED_PATHS = [
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
];

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4);
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'orchestratord' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: {
        streamWrite: secrets.length === 0 ? undefined : (line) => scrubSecrets(line, secrets),
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

function scrubSecrets(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  return out;
}
