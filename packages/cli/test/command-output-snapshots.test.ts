// Snapshots of what the main commands print (stdout and stderr, exit status)
// for contract-shaped answers, so a change in the CLI's output is a reviewed
// diff. Output is plain text: no colours or cursor control (CLI-015).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completionFrames,
  json,
  noContent,
  openSse,
  sseText,
  startFakeServer,
  type FakeServer,
} from './support/fake-orchestratord.js';
import {
  ARTIFACT_ID,
  artifact,
  capabilities,
  catalogModel,
  poolHealth,
  replicaSets,
  rolledBack,
  session,
  SESSION_ID,
  TASK_ID,
  unservingHealth,
  verification,
} from './support/contract-examples.js';
import { runAgainst, type CliRun } from './support/test-io.js';

let server: FakeServer;

beforeAll(async () => {
  server = await startFakeServer();
  server.route('GET', '/readyz', (_r, res) =>
    json(res, 503, { ready: false, reasons: ['pool coder-14b: no replica is Ready'] }),
  );
  server.route('GET', '/v1/replicasets', (_r, res) => json(res, 200, replicaSets));
  server.route('GET', '/v1/capabilities', (_r, res) => json(res, 200, capabilities));
  server.route('GET', '/v1/pools/coder-14b/health', (_r, res) => json(res, 200, unservingHealth));
  server.route('GET', '/v1/pools/tiny-bigram/health', (_r, res) => json(res, 200, poolHealth('tiny-bigram')));
  server.route('POST', '/v1/pools/tiny-bigram/drain', (_r, res) =>
    json(res, 202, { pool_id: 'tiny-bigram', draining: true, deadline_ms: 30_000 }),
  );
  server.route('POST', '/v1/pools/tiny-bigram/reload', (_r, res) => json(res, 200, rolledBack));
  server.route('GET', `/v1/sessions/${SESSION_ID}`, (_r, res) => json(res, 200, session));
  server.route('DELETE', `/v1/sessions/${SESSION_ID}`, (_r, res) => noContent(res));
  server.route('GET', '/v1/catalog/models/qwen2.5-7b-q4', (_r, res) => json(res, 200, catalogModel));
  server.route('POST', '/v1/catalog/models/qwen2.5-7b-q4/verify', (_r, res) => json(res, 200, verification));
  server.route('POST', '/v1/catalog/models/qwen2.5-7b-q4/state', (_r, res) =>
    json(res, 200, { ...catalogModel, state: 'Active' }),
  );
  server.route('POST', '/v1/artifacts', (_r, res) => json(res, 201, artifact));
  server.route('GET', `/v1/artifacts/${ARTIFACT_ID}`, (_r, res) => json(res, 200, artifact));
  server.route('POST', `/v1/tasks/${TASK_ID}/cancel`, (_r, res) => noContent(res));
  server.route('POST', '/v1/tasks', (_r, res) =>
    json(
      res,
      202,
      { task_id: TASK_ID, queue_position: 2, predicted_start_ms: 420, backoff_ms: 0 },
      { 'x-budget-tokens-remaining': '9000' },
    ),
  );
  server.route('GET', `/v1/tasks/${TASK_ID}/stream`, (_r, res) => {
    openSse(res);
    res.end(
      sseText(completionFrames([' quick', ' brown', ' fox', ' jumps', ' over', ' a', ' lazy', ' dog', '.'])),
    );
  });
});
afterAll(async () => server.close());

async function run(argv: string[], stdin?: string): Promise<CliRun> {
  const result = await runAgainst(server.url, argv, stdin === undefined ? {} : { stdin });
  // CLI-015: nothing but text, whatever the command.
  expect(`${result.stdout}${result.stderr}`).not.toContain('\u001b[');
  // The fake server's port changes per run; the snapshot keeps a stable name for it.
  const stable = (text: string) => text.replaceAll(server.url, 'http://orchestratord:8080');
  return { ...result, stdout: stable(result.stdout), stderr: stable(result.stderr) };
}

describe('command output', () => {
  it('status: readiness, one row per pool with health, slots, queue and devices, then one per replica with restarts, retry and breaker [CLI-003, CLI-015]', async () => {
    expect(await run(['status'])).toMatchSnapshot();
  });

  it('caps: per engine, the context limit and concurrency an agent sizes itself by [CLI-020]', async () => {
    expect(await run(['caps'])).toMatchSnapshot();
  });

  it('replicasets: load, slots, policy, devices and latency [CLI-001]', async () => {
    expect(await run(['replicasets'])).toMatchSnapshot();
  });

  it('submit: token text on stdout, admission and summary on stderr [CLI-013]', async () => {
    expect(
      await run([
        'submit',
        '--task-id',
        TASK_ID,
        '--model',
        'tiny-bigram',
        '--engine',
        'llamacpp',
        '--ctx',
        '512',
        'the',
      ]),
    ).toMatchSnapshot();
  });

  it('sessions show and delete [CLI-001]', async () => {
    expect(await run(['sessions', 'show', SESSION_ID])).toMatchSnapshot();
    expect(await run(['sessions', 'delete', SESSION_ID])).toMatchSnapshot();
  });

  it('catalog get, verify and state [CLI-001]', async () => {
    expect(await run(['catalog', 'get', 'qwen2.5-7b-q4'])).toMatchSnapshot();
    expect(await run(['catalog', 'verify', 'qwen2.5-7b-q4'])).toMatchSnapshot();
    expect(
      await run(['catalog', 'state', 'qwen2.5-7b-q4', 'active', '--reason', 'passed canary']),
    ).toMatchSnapshot();
  });

  it('pools health, drain and a rolled-back reload [CLI-001, CLI-016]', async () => {
    expect(await run(['pools', 'health', 'tiny-bigram'])).toMatchSnapshot();
    expect(await run(['pools', 'drain', 'tiny-bigram'])).toMatchSnapshot();
    expect(await run(['pools', 'reload', 'tiny-bigram', 'tiny-bigram-v2'])).toMatchSnapshot();
  });

  it('pools reload --expected-digest sends the sha256 the model file must have [CLI-001]', async () => {
    const digest = 'ab'.repeat(32);
    const seen = server.requests.length;
    await run(['pools', 'reload', 'tiny-bigram', '/models/next.gguf', '--expected-digest', digest]);
    const sent = server.requests.slice(seen).find((r) => r.path === '/v1/pools/tiny-bigram/reload');
    expect(sent?.body).toEqual({ new_model_ref: '/models/next.gguf', expected_digest: digest });
    await run(['pools', 'reload', 'tiny-bigram', 'tiny-bigram-v2']);
    expect(server.requests.at(-1)?.body).toEqual({ new_model_ref: 'tiny-bigram-v2' });
  });

  it('pools health of a pool that is not serving: per replica its state, restarts, retry, breaker and last error [CLI-001]', async () => {
    const result = await run(['pools', 'health', 'coder-14b']);
    expect(result).toMatchSnapshot();
    const lines = result.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('coder-14b-0'))).toMatch(
      /^coder-14b-0 +Backoff +2 +retry in 4 s +closed +- +engine exited with code 137 \(host OOM\)$/,
    );
    expect(lines.find((l) => l.startsWith('coder-14b-1'))).toMatch(
      /^coder-14b-1 +CircuitOpen +5 +retry in 52 s +open +- +VRAM OOM: /,
    );
  });

  it('artifacts put from stdin and get [CLI-001]', async () => {
    expect(
      await run(
        ['artifacts', 'put', '--kind', 'plan', '--tag', 'agent-7', '--meta', 'author=agent-7'],
        artifact.content,
      ),
    ).toMatchSnapshot();
    expect(await run(['artifacts', 'get', ARTIFACT_ID])).toMatchSnapshot();
  });

  it('cancel [CLI-001]', async () => {
    expect(await run(['cancel', TASK_ID])).toMatchSnapshot();
  });

  it('--json prints the server JSON unchanged [CLI-013]', async () => {
    const result = await run(['--json', 'caps']);
    expect(JSON.parse(result.stdout)).toEqual(capabilities);
  });
});
