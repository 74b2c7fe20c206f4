// OC-025: at run time the product opens no network connection except to its
// configured engines and to pool-managerd; nothing is downloaded implicitly.
// The product runs as `pnpm start --config FILE` does (the launcher's main.ts,
// its own process, pool-managerd beside orchestratord) with a connection recorder preloaded, and
// is driven through admission, streaming, cancel, /metrics, the catalog
// (a model whose source_url points at a trap server), artifacts, discovery
// and the pool routes, then shut down. Every recorded connection attempt must
// name a configured engine endpoint or the pool-managerd URL exactly.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type SimulatorHandle } from '@llama-orch/engine-simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedConnection } from './support/connection-recorder.js';
import { call, streamHeaders } from './support/client.js';
import { TOKEN, taskBody, waitFor } from './support/harness.js';
import { RECORDER_PATH, startProduct, type ProductProcess } from './support/product-process.js';
import { readSse } from './support/sse-client.js';
import { endpointPool } from './support/local-daemon.js';
import { startTrapServer, type TrapServer } from './support/trap-server.js';

const DIGEST = 'c'.repeat(64);
let llama: SimulatorHandle;
let vllm: SimulatorHandle;
let trap: TrapServer;
let dir = '';
let product: ProductProcess;
let recorded: RecordedConnection[] = [];
const statuses: Record<string, number> = {};
let reloadBody: Record<string, unknown> = {};

const hostPort = (url: string): string => {
  const u = new URL(url);
  return `${u.hostname}:${u.port}`;
};

/** Recorded attempts that go anywhere but the allowed host:port pairs. */
const unexpected = (connections: readonly RecordedConnection[], allowed: readonly string[]) =>
  connections.filter((c) => c.kind !== 'tcp' || !allowed.includes(`${c.host}:${String(c.port)}`));

beforeAll(async () => {
  [llama, vllm] = await Promise.all([
    startSimulator({ protocol: 'llamacpp', model: 'golden', modelName: 'golden', tokenDelayMs: 5 }),
    startSimulator({ protocol: 'vllm', model: 'golden', modelName: 'golden', tokenDelayMs: 5 }),
  ]);
  // Stands in for a model host: a catalog entry names it as source_url, so any download would land here.
  trap = await startTrapServer();
  dir = await mkdtemp(join(tmpdir(), 'llorch-outbound-'));
  product = await startProduct({
    dir,
    token: TOKEN,
    config: {
      server: { bind: '127.0.0.1', port: 0, state_dir: join(dir, 'state') },
      pool_manager: { port: 0 },
      pools: [endpointPool('llama', 'llamacpp', llama.endpoint), endpointPool('vllm', 'vllm', vllm.endpoint)],
    },
  });
  const { url } = product;
  const ready = async () => (await call(url, 'GET', '/readyz')).status === 200;
  for (let ok = false, deadline = Date.now() + 20_000; !ok && Date.now() < deadline;) {
    ok = await ready();
    if (!ok) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const note = (label: string, status: number) => (statuses[label] = status);

  for (const engine of ['llamacpp', 'vllm']) {
    const body = taskBody({ model_ref: 'golden', engine, max_tokens: 8, ctx: 512 });
    note(`submit ${engine}`, (await call(url, 'POST', '/v1/tasks', body)).status);
    const stream = await readSse(`${url}/v1/tasks/${String(body.task_id)}/stream`, {
      headers: streamHeaders,
    });
    note(`stream ${engine} ended`, stream.messages.at(-1)?.event === 'end' ? 200 : 500);
  }
  const long = taskBody({ model_ref: 'golden', engine: 'llamacpp', max_tokens: 400, ctx: 512 });
  note('submit long', (await call(url, 'POST', '/v1/tasks', long)).status);
  await readSse(`${url}/v1/tasks/${String(long.task_id)}/stream`, {
    headers: streamHeaders,
    until: (messages) => messages.some((m) => m.event === 'token'),
  });
  note('cancel', (await call(url, 'POST', `/v1/tasks/${String(long.task_id)}/cancel`)).status);
  note('session', (await call(url, 'GET', `/v1/sessions/${String(long.session_id)}`)).status);

  const remote = {
    id: 'remote-model',
    digest: DIGEST,
    source_url: `http://127.0.0.1:${trap.port}/remote-model.gguf`,
    manifests: [{ path: 'remote-model.gguf', digest: DIGEST, size_bytes: 1024 }],
  };
  note('register', (await call(url, 'POST', '/v1/catalog/models', remote)).status);
  note('catalog read', (await call(url, 'GET', '/v1/catalog/models/remote-model')).status);
  note('verify', (await call(url, 'POST', '/v1/catalog/models/remote-model/verify', {})).status);
  note(
    'activate',
    (await call(url, 'POST', '/v1/catalog/models/remote-model/state', { state: 'Active' })).status,
  );
  // A reload onto the remote-only model must fail locally rather than fetch it.
  const reload = await call(url, 'POST', '/v1/pools/llama/reload', { new_model_ref: 'remote-model' });
  note('reload', reload.status);
  reloadBody = reload.body;
  note('artifact', (await call(url, 'POST', '/v1/artifacts', { kind: 'other', content: 'x' })).status);
  for (const route of ['/v1/capabilities', '/v1/replicasets', '/v1/pools/llama/health', '/metrics']) {
    const res = await fetch(`${url}${route}`, { headers: streamHeaders });
    note(route, res.status);
    await res.arrayBuffer();
  }
  note('drain', (await call(url, 'POST', '/v1/pools/vllm/drain', { deadline_ms: 1_000 })).status);
  await product.stop();
  recorded = await product.connections();
}, 120_000);

afterAll(async () => {
  if (product?.child.exitCode === null) await product.stop();
  await Promise.allSettled([llama?.stop(500), vllm?.stop(500)]);
  await trap?.close();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('outbound connections of the running product', () => {
  it('go only to the configured engines and pool-managerd, across tasks, cancel, catalog, pools and shutdown [OC-025]', () => {
    // The drive really happened: every step answered, the engines streamed and the cancel landed.
    expect(statuses).toMatchObject({
      'submit llamacpp': 202,
      'stream llamacpp ended': 200,
      'submit vllm': 202,
      'stream vllm ended': 200,
      'submit long': 202,
      register: 201,
      'catalog read': 200,
      verify: 200,
      '/metrics': 200,
      '/v1/pools/llama/health': 200,
    });
    expect(statuses.cancel).toBeLessThan(300);
    expect(statuses.reload).toBe(200);
    expect(reloadBody).toMatchObject({ outcome: 'rolled_back', model_ref: 'golden' });

    const allowed = [hostPort(llama.endpoint), hostPort(vllm.endpoint), hostPort(product.poolManagerUrl)];
    expect(unexpected(recorded, allowed)).toEqual([]);
    // The recorder saw the traffic it should: both engines and pool-managerd were reached.
    const seen = new Set(recorded.map((c) => `${c.host}:${String(c.port)}`));
    for (const target of allowed) expect(seen).toContain(target);
    // Nothing tried the model's source_url, by the recorder's account or the trap's.
    expect(recorded.some((c) => c.port === trap.port)).toBe(false);
    expect(trap.hits()).toBe(0);
  });

  it('the recorder catches a connection to any other port, so the check above can fail [OC-025]', async () => {
    const log = join(dir, 'probe-connections.jsonl');
    await writeFile(log, '');
    const script = `await fetch('http://127.0.0.1:${trap.port}/x').catch(() => undefined);`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', RECORDER_PATH, '--input-type=module'],
      {
        env: { ...process.env, LLORCH_CONNECTION_LOG: log },
        stdio: ['pipe', 'ignore', 'inherit'],
      },
    );
    child.stdin.end(script);
    await new Promise((resolve) => child.once('exit', resolve));
    const probe = (await readFile(log, 'utf8'))
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as RecordedConnection);
    const allowed = [hostPort(llama.endpoint), hostPort(vllm.endpoint), hostPort(product.poolManagerUrl)];
    expect(unexpected(probe, allowed)).toEqual([{ kind: 'tcp', host: '127.0.0.1', port: trap.port }]);
    await waitFor(() => trap.hits() > 0, 5_000);
  });
});
