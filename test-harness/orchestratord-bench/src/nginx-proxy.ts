// nginx as the plain-proxy baseline (issue 15): a C reverse proxy in front of one
// engine, buffering off so SSE passes through as it comes. Its cost is the floor any
// proxy pays for the extra hop on this machine. Upstream connections are kept alive
// unless the engine does not keep them: llama-server closes its side after every
// streamed reply while still advertising keep-alive, so a pooled connection can be
// reused just as its close arrives and nginx answers 502 (seen at 8 streams); in
// front of it nginx opens a connection per request, as the engine makes every client do.
// Needs the `nginx` binary (Debian: apt-get install nginx-light); without it the bench says so.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Child } from './processes.js';

/** A port nothing listens on now (nginx takes a fixed port). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface NginxProxyOptions {
  /** Pool upstream connections (default true); false for an engine that closes them itself. */
  keepAlive?: boolean;
}

function nginxConf(dir: string, port: number, target: string, keepAlive: boolean): string {
  return [
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')};`,
    'events { worker_connections 1024; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${join(dir, 'body')};`,
    `  proxy_temp_path ${join(dir, 'proxy')};`,
    `  upstream engine { server ${new URL(target).host};${keepAlive ? ' keepalive 16;' : ''} }`,
    `  server { listen 127.0.0.1:${port};`,
    // Without an upstream `keepalive`, nginx sends `Connection: close` and opens one per request.
    `    location / { proxy_pass http://engine; proxy_http_version 1.1;${keepAlive ? ' proxy_set_header Connection "";' : ''}`,
    '      proxy_buffering off; proxy_request_buffering off; } }',
    '}',
  ].join('\n');
}

/** nginx in front of `target`, or undefined (with the reason) when nginx is not installed. */
export async function startNginxProxy(
  target: string,
  options: NginxProxyOptions = {},
): Promise<(Child & { endpoint: string }) | { missing: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'llorch-bench-nginx-'));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  await writeFile(conf, `${nginxConf(dir, port, target, options.keepAlive ?? true)}\n`);
  const child = spawn('nginx', ['-p', dir, '-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
  const spawned = await new Promise<string | null>((resolve) => {
    child.once('error', (error) => resolve(error.message));
    child.once('spawn', () => resolve(null));
  });
  if (spawned !== null) return { missing: `nginx could not start (${spawned}); apt-get install nginx-light` };
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const up = await fetch(`${endpoint}/health`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (i > 100 || child.exitCode !== null) return { missing: `nginx did not listen on ${endpoint}` };
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    process: child,
    endpoint,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
