// How `llorch submit` answers 429 and friends: it waits what the server asked
// plus jitter, re-sends the identical body, stops at its bounds, and never
// retries what the server marked as not retriable.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideRetry, serverWaitMs, withJitter } from '../src/index.js';
import { json, startFakeServer, type FakeServer } from './support/fake-orchestratord.js';
import { runAgainst } from './support/test-io.js';

const TARGET = ['--model', 'tiny-bigram', '--engine', 'llamacpp', '--ctx', '512', '--no-stream'];
const full = {
  code: 'ADMISSION_REJECT',
  policy_label: 'reject',
  retriable: true,
  retry_after_ms: 40,
  message: 'queue for pool tiny-bigram is full (1/1); retry after 40 ms',
};
const busy = (res: Parameters<typeof json>[0]) =>
  json(res, 429, full, { 'retry-after': '1', 'x-backoff-ms': '40' });

let server: FakeServer;
beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(async () => server.close());

const posts = () => server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/tasks');

describe('backpressure', () => {
  it('waits X-Backoff-Ms plus jitter, tells stderr, and re-sends the same task_id [CLI-009, CLI-010]', async () => {
    let refusals = 2;
    server.route('POST', '/v1/tasks', (r, res) =>
      refusals-- > 0
        ? busy(res)
        : json(res, 202, {
            task_id: (r.body as { task_id: string }).task_id,
            queue_position: 0,
            predicted_start_ms: 5,
            backoff_ms: 0,
          }),
    );
    const started = Date.now();
    const run = await runAgainst(server.url, ['submit', ...TARGET, 'the'], { random: () => 0.5 });
    const elapsed = Date.now() - started;
    expect(run.status).toBe(0);
    expect(posts()).toHaveLength(3);
    const bodies = posts().map((p) => JSON.stringify(p.body));
    expect(new Set(bodies).size).toBe(1);
    // 2 waits of 40 ms + jitter 0.5 * max(100, 8) = 50 ms each.
    expect(elapsed).toBeGreaterThanOrEqual(180);
    expect(run.stderr).toContain('ADMISSION_REJECT (HTTP 429): queue for pool tiny-bigram is full');
    expect(run.stderr).toContain('retrying in 90 ms (attempt 2 of 5, same task_id)');
    expect(run.stderr).toContain('(attempt 3 of 5, same task_id)');
  });

  it('gives up after the attempt bound with exit status 3 and an actionable message [CLI-009, CLI-016, CLI-017]', async () => {
    server.route('POST', '/v1/tasks', (_r, res) => busy(res));
    const run = await runAgainst(server.url, ['submit', ...TARGET, '--max-attempts', '2', 'the']);
    expect(run.status).toBe(3);
    expect(posts()).toHaveLength(2);
    expect(run.stderr).toMatch(
      /error RETRIES_EXHAUSTED \(server code ADMISSION_REJECT, HTTP 429, correlation id corr-fake-1\): queue for pool tiny-bigram is full .*gave up after 2 attempts/,
    );
    expect(run.stderr).toContain('hint: the queue stayed full; retry later, submit with --priority batch');
  });

  it('stops early when the next wait would break the total wait bound [CLI-009]', async () => {
    server.route('POST', '/v1/tasks', (_r, res) => busy(res));
    // Waits of 40 ms each (no jitter here): 40 + 40 fit in 100, a third would not.
    const run = await runAgainst(server.url, ['submit', ...TARGET, '--max-wait', '100', 'the']);
    expect(run.status).toBe(3);
    expect(posts()).toHaveLength(3);
    expect(run.stderr).toContain('retry budget');
  });

  it('stops waiting once the task deadline would pass [CLI-018]', async () => {
    server.route('POST', '/v1/tasks', (_r, res) =>
      json(res, 429, full, { 'retry-after': '2', 'x-backoff-ms': '2000' }),
    );
    const run = await runAgainst(server.url, ['submit', ...TARGET, '--deadline', '500', 'the']);
    expect(run.status).toBe(3);
    expect(posts()).toHaveLength(1);
    expect((posts()[0]?.body as { deadline_ms: number }).deadline_ms).toBe(500);
    expect(run.stderr).toContain('deadline would pass');
  });

  it('reports a non-retriable refusal once and exits [CLI-011, CLI-017]', async () => {
    server.route('POST', '/v1/tasks', (_r, res) =>
      json(res, 400, {
        code: 'INVALID_PARAMS',
        message: 'ctx 65536 exceeds the limit of 512 for tiny-bigram; lower ctx',
        retriable: false,
      }),
    );
    const run = await runAgainst(server.url, ['submit', ...TARGET, 'the']);
    expect(run.status).toBe(2);
    expect(posts()).toHaveLength(1);
    expect(run.stderr).toContain(
      'error INVALID_PARAMS (HTTP 400, correlation id corr-fake-1): ctx 65536 exceeds',
    );
  });

  it('retries a 503 only when the server marks it retriable [CLI-009, CLI-011]', async () => {
    let loading = 1;
    server.route('POST', '/v1/tasks', (r, res) =>
      loading-- > 0
        ? json(res, 503, {
            code: 'POOL_UNREADY',
            message: 'pool tiny-bigram has no Ready replica yet',
            retriable: true,
            retry_after_ms: 20,
          })
        : json(res, 202, {
            task_id: (r.body as { task_id: string }).task_id,
            queue_position: 0,
            predicted_start_ms: 5,
            backoff_ms: 0,
          }),
    );
    expect((await runAgainst(server.url, ['submit', ...TARGET, 'the'])).status).toBe(0);
    expect(posts()).toHaveLength(2);

    server.route('POST', '/v1/tasks', (_r, res) =>
      json(res, 503, {
        code: 'POOL_UNAVAILABLE',
        message: 'no pool serves model_ref x on engine vllm',
        retriable: false,
      }),
    );
    const run = await runAgainst(server.url, ['submit', ...TARGET, 'the']);
    expect(run.status).toBe(1);
    expect(posts()).toHaveLength(3);
    expect(run.stderr).toContain('hint: no Ready pool serves this model and engine');
  });
});

describe('retry policy (pure)', () => {
  const headers = (h: Record<string, string>) => new Headers(h);

  it('prefers X-Backoff-Ms, then Retry-After seconds, then the body hint [CLI-009]', () => {
    expect(serverWaitMs(headers({ 'x-backoff-ms': '1500', 'retry-after': '9' }), undefined)).toBe(1500);
    expect(serverWaitMs(headers({ 'retry-after': '2' }), undefined)).toBe(2000);
    expect(serverWaitMs(headers({}), { code: 'ADMISSION_REJECT', message: 'm', retry_after_ms: 700 })).toBe(
      700,
    );
    expect(
      serverWaitMs(headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }), undefined),
    ).toBeUndefined();
  });

  it('adds bounded, non-negative jitter [CLI-009]', () => {
    expect(withJitter(1000, () => 0)).toBe(1000);
    expect(withJitter(1000, () => 0.999)).toBe(1199);
    expect(withJitter(10, () => 0.999)).toBe(109);
  });

  it('never retries what is not retriable, whatever the budget [CLI-011]', () => {
    const policy = { maxAttempts: 10, maxTotalWaitMs: 60_000 };
    const decision = decideRetry(
      { status: 400, retriable: false, serverWaitMs: 10 },
      { attempts: 1, waitedMs: 0, now: 0 },
      policy,
      () => 0,
    );
    expect(decision).toEqual({ type: 'give-up', reason: 'not-retriable' });
  });
});
