// One set of engine timeouts: a pool's `timeouts` (first_token_ms, idle_ms) are
// the only stream deadlines. In the daemon the watchdog enforces them and the
// adapters it holds run none of their own, so a wedged engine ends the stream
// with one DECODE_TIMEOUT and one message; pool-managerd, which has no
// watchdog, hands the same figures to its adapters, so its self-test decode
// is held to them too. Engines are simulator processes at external endpoints.
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '@llama-orch/contracts';
import { startSimulator, type SimFault, type SimulatorHandle } from '@llama-orch/engine-simulators';
import { createLogger } from '../src/index.js';
import { LogSink, TOKEN, taskBody, waitFor } from './support/harness.js';
import { endpointPool, startLocalDaemon, type LocalDaemon } from './support/local-daemon.js';
import { call, streamHeaders } from './support/client.js';
import { parsed, readSse } from './support/sse-client.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function daemonOver(faults: SimFault[], timeouts: Record<string, number>): Promise<LocalDaemon> {
  const sim: SimulatorHandle = await startSimulator({
    protocol: 'llamacpp',
    model: 'golden',
    modelName: 'golden',
    tokenDelayMs: 1,
    faults,
  });
  cleanups.push(() => sim.stop(500));
  const config = parseConfig({
    server: { port: 0 },
    pools: [{ ...endpointPool('sim', 'llamacpp', sim.endpoint), timeouts }],
  });
  const logger = createLogger({ level: 'warn', destination: new LogSink(), secrets: [TOKEN] });
  const running = await startLocalDaemon(config, { logger, tuning: { probeIntervalMs: 100 } });
  cleanups.push(() => running.stop());
  return running;
}

async function replicaOf(running: LocalDaemon) {
  const { data } = await running.link.client.GET('/v1/replicas', {});
  return data?.replicas.find((r) => r.id === 'sim-0');
}

describe('engine timeouts come from the pool config alone', () => {
  it('ends a wedged stream with exactly one DECODE_TIMEOUT, from the idle timer, with the one message [ORCHD-020]', async () => {
    // Three tokens, then silence with the socket open; the self-test's 2-token decode never sees the hang.
    const running = await daemonOver([{ type: 'hang-after', tokens: 3 }], { idle_ms: 300 });
    const { daemon } = running;
    await waitFor(() => daemon.dataPlane.readiness().ready, 15_000);
    const body = taskBody({ model_ref: 'golden', max_tokens: 32, ctx: 512 });
    expect((await call(daemon.url, 'POST', '/v1/tasks', body)).status).toBe(202);
    const stream = await readSse(`${daemon.url}/v1/tasks/${String(body.task_id)}/stream`, {
      headers: streamHeaders,
    });
    const events = stream.messages.map((m) => m.event).filter((e) => e !== 'metrics');
    expect(events).toEqual(['started', 'token', 'token', 'token', 'error']);
    expect(parsed(stream.messages.at(-1)!)).toEqual({
      code: 'DECODE_TIMEOUT',
      message: 'replica sim-0 exceeded the idle timeout (300 ms); the engine may be wedged, retry later',
      engine: 'llamacpp',
      pool_id: 'sim',
      retriable: true,
    });
  });

  it("holds pool-managerd's self-test decode to the pool's first_token_ms [POOL-008]", async () => {
    // Every request waits 3 s for its first token; the adapter default (120 s) would wait it out.
    const running = await daemonOver([{ type: 'slow-start', ms: 3_000 }], { first_token_ms: 300 });
    let lastError: string | null | undefined;
    for (const deadline = Date.now() + 15_000; typeof lastError !== 'string' && Date.now() < deadline;) {
      lastError = (await replicaOf(running))?.last_error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(lastError).toContain('self-test step "decode" failed');
    expect(lastError).toContain('sent nothing for 300 ms (before the first token)');
    expect(running.daemon.dataPlane.readiness().ready).toBe(false);
  });
});
