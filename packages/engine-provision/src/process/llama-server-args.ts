// DET-004, POOL-045: the llama-server command line, as a pure function. One slot
// and no continuous batching keep token streams reproducible; one thread avoids
// the catastrophic oversubscription measured on small CPU hosts; --metrics and
// --slots expose what the adapter and pool-managerd read; --jinja makes the
// OpenAI chat endpoint apply the model's own template and parse its tool calls
// (the default in the pinned build, but not in older or external binaries).
// llama-server serves each open connection on one of its HTTP threads, three by
// default on a 2-core host; one per slot's stream plus four (the adapter's spare
// connection, WA-024, health probes, /tokenize, /metrics) keeps a request from
// waiting for a thread behind an idle connection.

export interface LlamaServerArgsOptions {
  modelPath: string;
  ctx: number;
  host: string;
  port: number;
  parallel: number;
  threads: number;
  extraArgs?: readonly string[];
}

/** HTTP threads beyond one per slot: a spare connection, a probe, a token count and a scrape at once. */
export const HTTP_THREADS_BESIDE_SLOTS = 4;

export function llamaServerArgs(options: LlamaServerArgsOptions): string[] {
  for (const [name, value] of [
    ['ctx', options.ctx],
    ['parallel', options.parallel],
    ['threads', options.threads],
    ['port', options.port],
  ] as const) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new RangeError(`llama-server ${name} must be a positive integer, got ${value}`);
    }
  }
  return [
    '--host',
    options.host,
    '--port',
    String(options.port),
    '-m',
    options.modelPath,
    '-c',
    String(options.ctx),
    '--parallel',
    String(options.parallel),
    '-t',
    String(options.threads),
    '-nocb',
    '--metrics',
    '--slots',
    '--jinja',
    '--threads-http',
    String(options.parallel + HTTP_THREADS_BESIDE_SLOTS),
    ...(options.extraArgs ?? []),
  ];
}

/** llama-server prints this when its HTTP socket cannot bind (e.g. the port was taken meanwhile). */
export function isPortInUseLog(lines: readonly string[]): boolean {
  return lines.some((line) => /couldn't bind|address already in use|EADDRINUSE/i.test(line));
}
