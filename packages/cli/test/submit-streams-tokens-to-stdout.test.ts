// `llorch submit` end to end against a fake orchestratord: the request it
// builds, what reaches stdout (only token text) and stderr (progress), and the
// --json and --no-stream modes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  completionFrames,
  json,
  openSse,
  sseText,
  startFakeServer,
  type FakeServer,
} from './support/fake-orchestratord.js';
import { runAgainst } from './support/test-io.js';

const TASK = '3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let server: FakeServer;

beforeEach(async () => {
  server = await startFakeServer();
  server.route('GET', '/v1/capabilities', (_r, res) =>
    json(res, 200, {
      api_version: '1.0.0',
      engines: [
        {
          engine: 'llamacpp',
          engine_version: 'b4000',
          ctx_max: 512,
          supported_workloads: ['completion'],
          concurrency: 3,
          rate_limits: { requests_per_minute: null, tokens_per_minute: null },
          features: [],
          models: [
            { model_ref: 'tiny-bigram', pool_ids: ['tiny-bigram'] },
            { model_ref: 'tiny-random', pool_ids: ['tiny-random'] },
          ],
        },
      ],
    }),
  );
  server.route('POST', '/v1/tasks', (r, res) =>
    json(
      res,
      202,
      {
        task_id: (r.body as { task_id: string }).task_id,
        queue_position: 2,
        predicted_start_ms: 420,
        backoff_ms: 0,
      },
      { 'x-budget-tokens-remaining': '9000' },
    ),
  );
  server.route('GET', /^\/v1\/tasks\/[^/]+\/stream$/, (_r, res) => {
    openSse(res);
    const [started, first, second, third, end] = completionFrames([' quick', ' brown', ' fox']);
    res.end(
      sseText([started!, first!, second!, { event: 'metrics', data: { queue_depth: 1 } }, third!, end!]),
    );
  });
});

afterEach(async () => server.close());

describe('llorch submit', () => {
  it('builds a complete request with the documented defaults and the served model [CLI-004]', async () => {
    const run = await runAgainst(server.url, ['submit', 'the']);
    expect(run.status).toBe(0);
    const post = server.requests.find((r) => r.method === 'POST' && r.path === '/v1/tasks');
    const body = post?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      workload: 'completion',
      model_ref: 'tiny-bigram', // the first model the server lists
      engine: 'llamacpp',
      ctx: 512,
      priority: 'interactive',
      determinism: 'strict',
      prompt: 'the',
      max_tokens: 128,
      deadline_ms: 120_000,
    });
    expect(body['task_id']).toMatch(UUID);
    expect(body['session_id']).toMatch(UUID);
    expect(body['task_id']).not.toBe(body['session_id']);
    expect(post?.headers['authorization']).toBe('Bearer secret-token-123');
  });

  it('writes only token text to stdout and progress to stderr [CLI-013]', async () => {
    const run = await runAgainst(server.url, [
      'submit',
      '--model',
      'tiny-bigram',
      '--engine',
      'llamacpp',
      '--ctx',
      '512',
      'the',
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(' quick brown fox');
    expect(run.stderr).toContain('queue position 2, predicted start in 420 ms, budgets left: tokens 9000');
    expect(run.stderr).toContain('done: 3 tokens in 12 ms');
    // Only the stream was needed: model, engine and ctx were all given.
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).not.toContain('GET /v1/capabilities');
  });

  it('ends a terminal line with a newline but leaves piped output byte-exact [CLI-015]', async () => {
    const tty = await runAgainst(server.url, ['submit', 'the'], { stdoutIsTTY: true });
    expect(tty.stdout).toBe(' quick brown fox\n');
    const piped = await runAgainst(server.url, ['submit', 'the']);
    expect(piped.stdout).toBe(' quick brown fox');
  });

  it('prints one JSON object per frame with --json [CLI-013]', async () => {
    const run = await runAgainst(server.url, ['--json', 'submit', '--task-id', TASK, 'the']);
    expect(run.status).toBe(0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; id?: string });
    expect(lines.map((l) => l.event)).toEqual([
      'admitted',
      'started',
      'token',
      'token',
      'metrics',
      'token',
      'end',
    ]);
    expect(lines[0]).toMatchObject({
      data: { task_id: TASK, queue_position: 2 },
      budgets: { tokens: '9000' },
    });
    expect(lines.slice(1).map((l) => l.id)).toEqual(['0', '1', '2', '3', '4', '5']);
  });

  it('only admits with --no-stream and prints the task id for scripts [CLI-001]', async () => {
    const run = await runAgainst(server.url, ['submit', '--no-stream', '--task-id', TASK, 'the']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${TASK}\n`);
    expect(server.requests.some((r) => r.path.endsWith('/stream'))).toBe(false);
  });

  it('reads the prompt from stdin when none is given [CLI-004]', async () => {
    const run = await runAgainst(server.url, ['submit'], { stdin: 'from a pipe' });
    expect(run.status).toBe(0);
    const post = server.requests.find((r) => r.method === 'POST' && r.path === '/v1/tasks');
    expect((post?.body as { prompt: string }).prompt).toBe('from a pipe');
  });

  it('refuses to wait on a terminal with no prompt, as a usage error [CLI-004, CLI-017]', async () => {
    const run = await runAgainst(server.url, ['submit']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('error USAGE');
    expect(run.stderr).toContain('hint:');
    expect(server.requests).toHaveLength(0);
  });
});
