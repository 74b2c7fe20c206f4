// POOL-022, ORCHD-045: the launcher starts pool-managerd and orchestratord
// together or apart, and orchestratord reaches pool-managerd only by URL and
// token. Stopping an orchestratord started alone leaves pool-managerd (and so
// its engines) running for the next one.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPoolClient, parseConfig, type LlorchConfig } from '@llama-orch/contracts';
import { createLogger } from '@llama-orch/orchestratord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredPoolManagerdUrl, launch, type RunningLaunch } from '../src/index.js';

const TOKEN = 'launcher-test-token-5b2e';
const logger = createLogger({ level: 'silent' });
let dir = '';
let config: LlorchConfig;
const running: RunningLaunch[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llorch-launcher-'));
  config = parseConfig({
    server: { port: 0, state_dir: dir },
    pool_manager: { port: 0 },
    // Declared but not preloaded: no engine is needed to see the wiring.
    pools: [{ id: 'idle', model: { ref: 'm' }, devices: 'cpu', allow_cpu_fallback: true, preload: false }],
  });
});

afterAll(async () => {
  for (const r of running.reverse()) await r.stop();
  await rm(dir, { recursive: true, force: true });
});

const get = async (url: string) =>
  (await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).status;
const health = (url: string) => get(`${url}/v1/pools/idle/health`);

describe('launch', () => {
  it('runs both daemons in one process, orchestratord following pool-managerd by URL [POOL-022]', async () => {
    const both = await launch({ mode: 'both', config, token: TOKEN, logger });
    running.push(both);
    expect(both.orchestratordUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await health(both.orchestratordUrl!)).toBe(200);
    const { data } = await createPoolClient({ baseUrl: both.poolManagerdUrl, token: TOKEN }).GET(
      '/v1/replicas',
      {},
    );
    expect(data?.replicas.map((r) => r.id)).toEqual(['idle-0']);
    await both.stop();
    await expect(get(`${both.poolManagerdUrl}/livez`)).rejects.toThrow();
  });

  it('runs them apart: stopping orchestratord leaves pool-managerd serving the next one [POOL-022, ORCHD-045]', async () => {
    const pool = await launch({ mode: 'pool-managerd', config, token: TOKEN, logger });
    running.push(pool);
    expect(pool.orchestratordUrl).toBeUndefined();
    const first = await launch({
      mode: 'orchestratord',
      config,
      token: TOKEN,
      logger,
      poolManagerdUrl: pool.poolManagerdUrl,
    });
    expect(await health(first.orchestratordUrl!)).toBe(200);
    await first.stop();
    expect(await get(`${pool.poolManagerdUrl}/livez`)).toBe(200);
    const second = await launch({
      mode: 'orchestratord',
      config,
      token: TOKEN,
      logger,
      poolManagerdUrl: pool.poolManagerdUrl,
    });
    running.push(second);
    expect(await health(second.orchestratordUrl!)).toBe(200);
  });

  it("defaults orchestratord alone to the config's pool_manager address [POOL-022]", () => {
    expect(configuredPoolManagerdUrl(parseConfig({ pools: [{ id: 'p', model: { ref: 'm' } }] }))).toBe(
      'http://127.0.0.1:8090',
    );
  });
});
