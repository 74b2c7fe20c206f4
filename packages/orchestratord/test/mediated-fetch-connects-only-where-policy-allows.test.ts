// OC-025 and OC-024 on the running product: the mediated fetch is the one way
// out besides engines and pool-managerd, and a refused fetch opens no
// connection at all. The product runs as `pnpm start --config FILE` does, with
// the connection recorder preloaded; refused fetches aim at a trap server, and
// the audit lines are read from the product's own stdout.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type SimulatorHandle } from '@llama-orch/engine-simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedConnection } from './support/connection-recorder.js';
import { call } from './support/client.js';
import { startFetchTarget, type FetchTarget } from './support/fetch-target.js';
import { TOKEN } from './support/harness.js';
import { endpointPool } from './support/local-daemon.js';
import { startProduct, type ProductProcess } from './support/product-process.js';
import { startTrapServer, type TrapServer } from './support/trap-server.js';

let engine: SimulatorHandle;
let target: FetchTarget;
let trap: TrapServer;
let dir = '';
let product: ProductProcess;
let recorded: RecordedConnection[] = [];
const answers: Record<string, { status: number; body: Record<string, unknown> }> = {};

const hostPort = (url: string): string => `${new URL(url).hostname}:${new URL(url).port}`;

beforeAll(async () => {
  engine = await startSimulator({
    protocol: 'llamacpp',
    model: 'golden',
    modelName: 'golden',
    tokenDelayMs: 5,
  });
  target = await startFetchTarget();
  trap = await startTrapServer();
  dir = await mkdtemp(join(tmpdir(), 'llorch-fetch-egress-'));
  product = await startProduct({
    dir,
    token: TOKEN,
    config: {
      server: { bind: '127.0.0.1', port: 0, state_dir: join(dir, 'state') },
      pool_manager: { port: 0 },
      pools: [endpointPool('sim', 'llamacpp', engine.endpoint)],
      policy: {
        enabled: true,
        allow_domains: ['localhost', '127.0.0.1'],
        deny_domains: ['*.denied.test'],
        max_request_bytes: 16,
      },
    },
  });
  const fetchVia = async (name: string, body: Record<string, unknown>) => {
    const res = await call(product.url, 'POST', '/v1/tools/fetch', body, { 'x-correlation-id': name });
    answers[name] = { status: res.status, body: res.body };
  };
  await fetchVia('allowed', { url: target.url('/hello') });
  await fetchVia('ip-literal', { url: `http://127.0.0.2:${trap.port}/` });
  await fetchVia('deny-list', { url: `http://api.denied.test:${trap.port}/` });
  await fetchVia('unlisted', { url: `http://unlisted.test:${trap.port}/` });
  await fetchVia('too-big', { url: `http://localhost:${trap.port}/`, method: 'POST', body: 'x'.repeat(17) });
  await product.stop();
  recorded = await product.connections();
}, 120_000);

afterAll(async () => {
  if (product?.child.exitCode === null) await product.stop();
  await engine?.stop(500);
  await target?.close();
  await trap?.close();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('the mediated fetch on the running product', () => {
  it('connects to an allowed target and to nothing a refused fetch named [OC-025] [ORCHD-053] [ORCHD-054] [ORCHD-055]', () => {
    expect(answers.allowed).toMatchObject({ status: 200, body: { status: 200 } });
    expect(answers['ip-literal']).toMatchObject({ status: 403, body: { policy_label: 'policy.ip_literal' } });
    expect(answers['deny-list']).toMatchObject({
      status: 403,
      body: { policy_label: 'policy.deny_domains' },
    });
    expect(answers.unlisted).toMatchObject({ status: 403, body: { policy_label: 'policy.allow_domains' } });
    expect(answers['too-big']).toMatchObject({
      status: 413,
      body: { policy_label: 'policy.max_request_bytes' },
    });

    const fetched = `localhost:${target.port}`;
    const expected = [hostPort(engine.endpoint), hostPort(product.poolManagerUrl), fetched];
    const elsewhere = recorded.filter(
      (c) => c.kind !== 'tcp' || !expected.includes(`${c.host}:${String(c.port)}`),
    );
    expect(elsewhere).toEqual([]);
    expect(recorded.map((c) => `${c.host}:${String(c.port)}`)).toContain(fetched);
    expect(recorded.some((c) => c.port === trap.port)).toBe(false);
    expect(trap.hits()).toBe(0);
  });

  it('writes one audit line per decision to the product log, without the token [ORCHD-060] [OC-024]', () => {
    const audit = product.stdout
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((r) => r.msg === 'fetch audit');
    const byId = Object.fromEntries(audit.map((r) => [String(r.correlation_id), r]));
    expect(audit).toHaveLength(5);
    expect(byId.allowed).toMatchObject({ decision: 'allow', host: 'localhost', path: '/hello', status: 200 });
    expect(byId['ip-literal']).toMatchObject({
      decision: 'deny',
      rule: 'policy.ip_literal',
      host: '127.0.0.2',
    });
    expect(byId['deny-list']).toMatchObject({ decision: 'deny', rule: 'policy.deny_domains' });
    expect(byId.unlisted).toMatchObject({ decision: 'deny', rule: 'policy.allow_domains' });
    expect(byId['too-big']).toMatchObject({
      decision: 'deny',
      rule: 'policy.max_request_bytes',
      status: 413,
    });
    expect(product.stdout.join('\n')).not.toContain(TOKEN);
  });
});
