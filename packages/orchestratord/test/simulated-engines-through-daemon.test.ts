// Every engine family through the real daemon: pools with `endpoints` point at
// engine simulators (real processes speaking llama.cpp, vLLM, TGI and Triton
// protocols), so the external-replica path and each adapter are exercised end to end.
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@llama-orch/contracts';
import {
  GOLDEN_TEXT,
  startSimulator,
  type SimProtocol,
  type SimulatorHandle,
} from '@llama-orch/engine-simulators';
import { createLogger } from '../src/index.js';
import { LogSink, TOKEN, taskBody, waitFor } from './support/harness.js';
import { endpointPool, startLocalDaemon } from './support/local-daemon.js';
import { call, streamHeaders } from './support/client.js';
import { parsed, readSse } from './support/sse-client.js';

const simulators: SimulatorHandle[] = [];
afterAll(async () => {
  await Promise.allSettled(simulators.map((s) => s.stop(500)));
});

async function daemonFor(protocol: SimProtocol, endpoint: string) {
  const config = parseConfig({
    server: { port: 0 },
    pools: [endpointPool(`sim-${protocol}`, protocol, endpoint)],
  });
  const logger = createLogger({ level: 'warn', destination: new LogSink(), secrets: [TOKEN] });
  const running = await startLocalDaemon(config, { logger });
  await waitFor(() => running.daemon.dataPlane.readiness().ready, 10_000);
  return running;
}

describe.each<SimProtocol>(['llamacpp', 'vllm', 'tgi', 'triton'])('%s engine simulator', (protocol) => {
  it('streams the golden text through orchestratord from an external endpoint [HOME-010, OC-026]', async () => {
    const sim = await startSimulator({ protocol, model: 'golden', modelName: 'golden', tokenDelayMs: 1 });
    simulators.push(sim);
    const running = await daemonFor(protocol, sim.endpoint);
    const { daemon } = running;
    try {
      const body = taskBody({ model_ref: 'golden', engine: protocol, max_tokens: 32, ctx: 512 });
      const admitted = await call(daemon.url, 'POST', '/v1/tasks', body);
      expect(admitted.status).toBe(202);
      const stream = await readSse(`${daemon.url}/v1/tasks/${String(body.task_id)}/stream`, {
        headers: streamHeaders,
      });
      const text = stream.messages
        .filter((m) => m.event === 'token')
        .map((m) => parsed<{ t: string }>(m).t)
        .join('');
      expect(text).toBe(GOLDEN_TEXT);
      expect(stream.messages.at(-1)?.event).toBe('end');
    } finally {
      await running.stop();
    }
  });
});
