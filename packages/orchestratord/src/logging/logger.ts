// ORCHD logging (MET-027, MET-030, ORCHD-050, OC-006): JSON Lines via pino, one line per
// event, grouped by correlation id. Secrets never reach a log line: the redaction
// policy (paths and literal-value scrubbing) is the one both daemons share, in contracts.
import { redactingLoggerConfig } from '@llama-orch/contracts';
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Where lines go; stdout by default. Tests pass an in-memory stream to grep the output. */
  destination?: DestinationStream;
  /** Literal secret values (the API token) that must never appear in any line. */
  secrets?: readonly string[];
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    redactingLoggerConfig({
      service: 'orchestratord',
      ...(options.level === undefined ? {} : { level: options.level }),
      ...(options.secrets === undefined ? {} : { secrets: options.secrets }),
    }),
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
