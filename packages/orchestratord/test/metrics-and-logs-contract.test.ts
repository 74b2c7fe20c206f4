import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintMetricsExposition, loadMetricsContract } from '@llama-orch/contracts';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { TOKEN, startTestDaemon, taskBody, type LogSink } from './support/harness.js';
import { call, streamHeaders } from './support/client.js';
import { readSse } from './support/sse-client.js';
import type { RunningOrchestratord } from '../src/index.js';

let daemon: RunningOrchestratord & { logs: LogSink };
let exposition = '';

beforeAll(async () => {
  daemon = await startTestDaemon({
    pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs: 5 })] }],
  });
  const done = taskBody({ max_tokens: 3 });
  await call(daemon.url, 'POST', '/v1/tasks', done);
  await readSse(`${daemon.url}/v1/tasks/${String(done.task_id)}/stream`, { headers: streamHeaders });
  const canceled = taskBody({ max_tokens: 500 });
  await call(daemon.url, 'POST', '/v1/tasks', canceled, { 'x-api-key': TOKEN });
  await readSse(`${daemon.url}/v1/tasks/${String(canceled.task_id)}/stream`, {
    headers: streamHeaders,
    until: (messages) => messages.some((m) => m.event === 'token'),
  });
  await call(daemon.url, 'POST', `/v1/tasks/${String(canceled.task_id)}/cancel`);
  await call(daemon.url, 'POST', '/v1/tasks', taskBody({ model_ref: 'unknown-model' }));
  await call(daemon.url, 'GET', '/livez', undefined, { authorization: 'Bearer wrong-token' });
  const res = await fetch(`${daemon.url}/metrics`, { headers: streamHeaders });
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  exposition = await res.text();
});
afterAll(async () => daemon.stop());

describe('metrics exposition', () => {
  it('passes the metrics contract lint on a live scrape after admission, streaming and cancel [MET-011, MET-001, MET-002, MET-003, MET-015, MET-016, MET-033, ORCHD-051]', async () => {
    const result = lintMetricsExposition(exposition, await loadMetricsContract());
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(exposition).toMatch(
      /^tasks_started_total\{engine="llamacpp",engine_version="mock-1",pool_id="mock",replica_id="mock-0",priority="interactive"\} 2$/m,
    );
    expect(exposition).toMatch(/^tasks_canceled_total\{[^}]*reason="client"\} 1$/m);
    expect(exposition).toMatch(/^tasks_rejected_total\{engine="llamacpp",reason="POOL_UNAVAILABLE"\} 1$/m);
    expect(exposition).toMatch(/^tokens_out_total\{[^}]*\} \d+$/m);
    // The harness pool runs on the CPU development fallback (HOME-008).
    expect(exposition).toMatch(/^pool_cpu_fallback\{pool_id="mock"\} 1$/m);
  });

  it('passes promtool check metrics when promtool is installed [MET-010]', (context) => {
    const probe = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
    if (probe.error !== undefined) {
      // .ci/run installs promtool; in CI its absence is a broken runner, not a reason to skip.
      if (process.env['CI'] === 'true')
        throw new Error('CI=true but promtool is not on PATH (.ci/run installs it)');
      console.warn(
        'NOTE: promtool is not on PATH; skipping `promtool check metrics` (install Debian package prometheus)',
      );
      context.skip();
    }
    const check = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
    const findings = `${check.stdout}${check.stderr}`
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    // MET-010: only the unit-abbreviation notes on the two *_ms histograms are tolerated.
    const unexpected = findings.filter(
      (l) => !/^latency_(first_token|decode)_ms\b.*(unit|abbreviat)/i.test(l),
    );
    expect(unexpected).toEqual([]);
  });
});

describe('logs', () => {
  it('never writes the API token, even after requests that carried it in both headers [MET-030, OC-006, ORCHD-050]', () => {
    expect(daemon.logs.lines.length).toBeGreaterThan(5);
    for (const line of daemon.logs.lines) expect(line).not.toContain(TOKEN);
  });

  it('writes JSON Lines carrying correlation id and task fields for the life of a task [MET-027, MET-028, MET-029, ORCHD-050]', () => {
    const records = daemon.logs.records();
    const admitted = records.find((r) => r.msg === 'task admitted');
    expect(admitted).toMatchObject({ engine: 'llamacpp', pool_id: 'mock', queue_position: 0 });
    for (const key of ['correlation_id', 'job_id', 'session_id', 'predicted_start_ms', 'time', 'level']) {
      expect(admitted).toHaveProperty(key);
    }
    const jobId = admitted?.job_id;
    const lifecycle = records.filter((r) => r.job_id === jobId).map((r) => r.msg);
    expect(lifecycle).toEqual(expect.arrayContaining(['task admitted', 'task ended', 'request completed']));
    // The terminal line carries what dispatch, start and completion said.
    expect(records.find((r) => r.job_id === jobId && r.msg === 'task ended')).toMatchObject({
      outcome: 'end',
      replica_id: 'mock-0',
      engine_version: 'mock-1',
      tokens_out: 3,
      affinity: 'none',
      kv_warmth: false,
    });
    const refused = records.find((r) => r.msg === 'request rejected' && r.code === 'POOL_UNAVAILABLE');
    expect(refused).toHaveProperty('correlation_id');
  });
});
