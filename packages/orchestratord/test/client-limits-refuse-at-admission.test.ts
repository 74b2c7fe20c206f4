// ORCHD-090..ORCHD-095, MET-041..MET-043: a named client's limits refuse at admission through the
// data plane, each with a 429 ADMISSION_REJECT whose policy_label names the limit and whose
// Retry-After comes from that client's own usage; a session belongs to its client; the task's
// transcript and the client series say whose work it was.
import { lintMetricsExposition, loadMetricsContract, OWNER_CLIENT } from '@llama-orch/contracts';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientIdentity } from '../src/clients/client-identity.js';
import { protocolErrorReply } from '../src/compat/protocol-errors.js';
import { backoffHeaders } from '../src/http/error-handler-plugin.js';
import { isOrchestratordError, type OrchestratordError } from '../src/index.js';
import { auth, startTestDaemon, taskBody, waitFor, type LogSink } from './support/harness.js';
import { samplesOf } from './support/metrics-scrape.js';
import type { RunningOrchestratord } from '../src/index.js';

let daemon: (RunningOrchestratord & { logs: LogSink }) | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

async function start(clients: Record<string, unknown>[], tokenDelayMs = 40) {
  daemon = await startTestDaemon({
    pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs, slotsTotal: 4 })] }],
    clients: clients.map((c) => ({ token_env: `LLORCH_TEST_${String(c.name).toUpperCase()}`, ...c })),
  });
  const plane = daemon.dataPlane;
  const identity = (name: string): ClientIdentity => {
    const config = plane.config.clients.find((c) => c.name === name) ?? null;
    return { name, owner: name === OWNER_CLIENT, config };
  };
  const admit = (name: string, overrides: Record<string, unknown> = {}) =>
    plane.admit(taskBody(overrides), { correlationId: 'c', log: daemon!.logger, client: identity(name) });
  const refusal = async (name: string, overrides: Record<string, unknown> = {}) => {
    const error: unknown = await admit(name, overrides).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isOrchestratordError(error)).toBe(true);
    return error as OrchestratordError;
  };
  return { d: daemon, plane, admit, refusal };
}

const scrape = async (url: string) => (await fetch(`${url}/metrics`, { headers: auth })).text();

describe('client limits at admission', () => {
  it('refuses one task beyond max_concurrent + max_queued with 429 max_concurrent; others still get in [ORCHD-090, ORCHD-092]', async () => {
    const { d, admit, refusal } = await start([{ name: 'aider', max_concurrent: 1, max_queued: 1 }]);
    await admit('aider', { max_tokens: 50 });
    await admit('aider', { max_tokens: 50 });
    const refused = await refusal('aider');
    expect(refused.status).toBe(429);
    expect(refused.toEnvelope()).toMatchObject({
      code: 'ADMISSION_REJECT',
      policy_label: 'max_concurrent',
      retriable: true,
    });
    expect(refused.message).toMatch(/client aider/);
    const retryAfterMs = refused.retryAfterMs ?? 0;
    expect(retryAfterMs).toBeGreaterThanOrEqual(1_000);
    expect(refused.toEnvelope().retry_after_ms).toBe(retryAfterMs);
    expect(Number(backoffHeaders(retryAfterMs)['retry-after'])).toBeGreaterThanOrEqual(1);
    // The agents' endpoints answer the same refusal in each protocol's rate-limit shape (ORCHD-062).
    for (const protocol of ['openai', 'anthropic'] as const) {
      const reply = protocolErrorReply(protocol, refused);
      expect(reply.status).toBe(429);
      expect(reply.headers).toEqual(backoffHeaders(retryAfterMs));
      expect(JSON.stringify(reply.body)).toContain('"rate_limit_error"');
      expect(JSON.stringify(reply.body)).toContain('client aider');
    }
    // The owner has no limits.
    await admit(OWNER_CLIENT);
    const text = await scrape(d.url);
    expect(
      samplesOf(text, 'client_refusals_total', { client: 'aider', limit: 'max_concurrent' })[0]?.value,
    ).toBe(1);
    expect(
      samplesOf(text, 'client_tasks_total', { client: 'aider', task_outcome: 'admitted' })[0]?.value,
    ).toBe(2);
    expect(samplesOf(text, 'tasks_rejected_total', { reason: 'ADMISSION_REJECT' })[0]?.value).toBe(1);
    // Once its work ends, the client gets in again.
    await waitFor(() => d.dataPlane.queueDepth('mock').total === 0, 10_000);
    await waitFor(() => d.dataPlane.pools()[0]!.replicas[0]!.inFlight === 0, 10_000);
    await admit('aider');
  });

  it('refuses once the last minute reached tokens_per_minute, with the wait until it ages out [ORCHD-091]', async () => {
    const { d, admit, refusal } = await start([{ name: 'codex', tokens_per_minute: 5 }], 1);
    const first = await admit('codex', { max_tokens: 4 });
    await waitFor(() => d.dataPlane.transcript(first.admission.task_id)?.terminal !== undefined, 10_000);
    const refused = await refusal('codex');
    expect(refused.status).toBe(429);
    expect(refused.toEnvelope()).toMatchObject({
      code: 'ADMISSION_REJECT',
      policy_label: 'tokens_per_minute',
    });
    expect(refused.retryAfterMs).toBeGreaterThanOrEqual(55_000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    const text = await scrape(d.url);
    expect(lintMetricsExposition(text, await loadMetricsContract()).problems).toEqual([]);
    expect(
      samplesOf(text, 'client_tasks_total', { client: 'codex', task_outcome: 'completed' })[0]?.value,
    ).toBe(1);
    expect(samplesOf(text, 'client_tokens_total', { client: 'codex', direction: 'out' })[0]?.value).toBe(4);
    expect(samplesOf(text, 'client_gpu_seconds_total', { client: 'codex' })[0]?.value).toBeGreaterThan(0);
    expect(
      samplesOf(text, 'client_tasks_total', { client: 'owner', task_outcome: 'completed' })[0]?.value,
    ).toBe(0);
  });

  it('keeps a session to the client that opened it; the owner sees it [ORCHD-094, ORCHD-095]', async () => {
    const { d, admit, refusal } = await start([{ name: 'aider' }, { name: 'codex' }], 1);
    const session_id = crypto.randomUUID();
    const mine = await admit('aider', { session_id });
    const other = await refusal('codex', { session_id });
    expect(other.status).toBe(404);
    expect(other.code).toBe('NOT_FOUND');
    expect(d.dataPlane.session(session_id)).toMatchObject({ client: 'aider' });
    await admit(OWNER_CLIENT, { session_id });
    const started = d.dataPlane.transcript(mine.admission.task_id)?.eventsFrom(0)[0];
    expect(started).toMatchObject({ type: 'started', data: { client: 'aider' } });
  });
});
