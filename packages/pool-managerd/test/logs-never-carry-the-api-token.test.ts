// MET-030: pool-managerd's own logger (the one it builds when nobody hands it
// one) redacts like orchestratord's: secret headers by path, and the API token's
// literal value wherever a line carries it. The test reads the captured output.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@llama-orch/contracts';
import { startPoolManagerd, type RunningPoolManagerd } from '../src/index.js';
import { LineSink, TOKEN } from './support/pool-harness.js';

let daemon: RunningPoolManagerd;
let stateDir: string;
const sink = new LineSink();

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'llorch-pmd-log-'));
  const config = parseConfig({
    server: { state_dir: stateDir, port: 0 },
    pool_manager: { port: 0 },
    observability: { log_level: 'debug' },
    // Nothing listens on the discard port: the replica never gets Ready, which is fine here.
    pools: [
      {
        id: 'far',
        engine: 'llamacpp',
        model: { ref: 'golden' },
        devices: 'cpu',
        allow_cpu_fallback: true,
        endpoints: ['http://127.0.0.1:9'],
      },
    ],
  });
  daemon = await startPoolManagerd({ config, token: TOKEN, port: 0, logDestination: sink });
});

afterAll(async () => {
  await daemon.stop();
  await rm(stateDir, { recursive: true, force: true });
});

describe('pool-managerd log output', () => {
  it('never carries the API token, in a header field or inside a message [MET-030]', async () => {
    const res = await fetch(`${daemon.url}/v1/replicas`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const { logger } = daemon.manager;
    logger.info(
      { req: { headers: { authorization: `Bearer ${TOKEN}`, 'x-api-key': TOKEN } } },
      'request seen',
    );
    logger.warn(
      { err: new Error(`engine echoed the credential ${TOKEN} back`) },
      'engine said something odd',
    );
    logger.debug(`token in free text: ${TOKEN}`);

    const text = sink.lines.join('\n');
    expect(text).toContain('request seen');
    expect(text).toContain('engine said something odd');
    expect(text).toContain('token in free text');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(TOKEN);
    for (const line of sink.lines) expect(JSON.parse(line)).toMatchObject({ service: 'pool-managerd' });
  });
});
