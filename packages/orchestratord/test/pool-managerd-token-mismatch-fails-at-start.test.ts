// Issue 14 B.6: orchestratord pointed at a pool-managerd that already runs
// (`--pool-managerd URL`) with another API token used to start "fine" and see
// no replicas at all. Now the start fails, and the message names the cause.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@llama-orch/contracts';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPoolManagerLink } from '../src/index.js';
import { startPoolManagerdProcess, type PoolManagerdProcess } from './support/pool-managerd-process.js';

const POOL_TOKEN = 'pool-managerd-token-0123456789';
let dir: string;
let poolManagerd: PoolManagerdProcess;
const logger = pino({ level: 'silent' });

const config = () =>
  parseConfig({
    server: { state_dir: dir },
    pool_manager: { port: 0 },
    pools: [{ id: 'idle', model: { ref: 'm' }, devices: 'cpu', allow_cpu_fallback: true, preload: false }],
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llorch-token-mismatch-'));
  poolManagerd = await startPoolManagerdProcess(config(), { token: POOL_TOKEN });
});

afterAll(async () => {
  await poolManagerd?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('an external pool-managerd with another token', () => {
  it('fails the start, naming the token as the cause and not quoting either token', async () => {
    const error = await startPoolManagerLink({
      config: config(),
      token: 'orchestratord-token-9876543210',
      url: poolManagerd.url,
      logger,
      refreshMs: 60_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/refused our API token \(40[13]\)/);
    expect(message).toContain(poolManagerd.url);
    expect(message).not.toContain(POOL_TOKEN);
    expect(message).not.toContain('orchestratord-token-9876543210');
  });

  it('starts with the shared token and lists the configured replica', async () => {
    const link = await startPoolManagerLink({
      config: config(),
      token: POOL_TOKEN,
      url: poolManagerd.url,
      logger,
      refreshMs: 60_000,
    });
    try {
      expect(link.replica('idle-0')).toMatchObject({ id: 'idle-0', state: 'Stopped' });
    } finally {
      await link.stop();
    }
  });
});
