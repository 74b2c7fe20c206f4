// MET-040: a real Prometheus server (Debian's /usr/bin/prometheus) scraping
// the product, as an operator's would: a `llama-orch` job on orchestratord's
// /metrics with the API token in an authorization credentials_file (never in
// the config, never logged), a 1 s scrape interval, temporary storage and a
// free port on loopback. Queries go through its HTTP API (/api/v1/query).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrometheusOptions {
  /** orchestratord's base URL, e.g. http://127.0.0.1:41234. */
  target: string;
  /** The API token /metrics asks for; written to a 0600 file Prometheus reads. */
  token: string;
  /** Alert rule files to load (checked by the server as it starts). */
  ruleFiles?: readonly string[];
  /** Extra scrape jobs beside `llama-orch`. */
  extraJobs?: readonly Record<string, unknown>[];
}

export interface QueryResult {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PrometheusServer {
  readonly url: string;
  /** An instant query; throws unless Prometheus answers status success. */
  query(expr: string): Promise<QueryResult[]>;
  /** GET a path of the HTTP API and return its `data`. */
  api(path: string): Promise<unknown>;
  /** Prometheus' own output, for failure messages (it never sees the token itself). */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'llorch-prometheus-'));
  const tokenFile = join(dir, 'api-token');
  await writeFile(tokenFile, `${options.token}\n`, { mode: 0o600 });
  await chmod(tokenFile, 0o600);
  const target = new URL(options.target);
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    rule_files: [...(options.ruleFiles ?? [])],
    scrape_configs: [
      {
        job_name: 'llama-orch',
        metrics_path: '/metrics',
        static_configs: [{ targets: [target.host] }],
        authorization: { type: 'Bearer', credentials_file: tokenFile },
      },
      ...(options.extraJobs ?? []),
    ],
  };
  const configFile = join(dir, 'prometheus.yml');
  // YAML is a superset of JSON: Prometheus reads this as its YAML config.
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (e) =>
      reject(new Error(`prometheus did not start (${e.message}); install the Debian package prometheus`)),
    ),
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const api = async (path: string): Promise<unknown> => {
    const res = await fetch(`${url}${path}`);
    const body = (await res.json()) as { status: string; data?: unknown; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? res.status}`);
    return body.data;
  };
  try {
    await Promise.race([spawnError, ready(url, child, () => out)]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    api,
    async query(expr) {
      const data = (await api(`/api/v1/query?query=${encodeURIComponent(expr)}`)) as {
        result: QueryResult[];
      };
      return data.result;
    },
    output: () => out,
    stop,
  };
}

async function ready(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}):\n${output()}`);
    const ok = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`prometheus not ready within 60 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
