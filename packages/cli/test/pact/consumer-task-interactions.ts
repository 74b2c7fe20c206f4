// CLI-019: the data-plane interactions of `llorch` (submit, backpressure,
// stream, cancel, sessions), registered as tests on the suite's one pact.
import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import { expect, it } from 'vitest';
import {
  AUTH,
  JSON_BODY,
  CORRELATED,
  cli,
  taskBody,
  submitArgs,
  sseExample,
  textBody,
} from './consumer-kit.js';
import { IDS, POOLS, SSE_STREAM_PATTERN, STATES } from './pact-shared.js';

const { boolean, integer, like, regex, uuid } = MatchersV3;

export function taskInteractions(pact: PactV4): void {
  it('the SSE example matches the pattern the provider is held to [CLI-019]', () => {
    expect(new RegExp(SSE_STREAM_PATTERN).test(sseExample)).toBe(true);
    expect(new RegExp(SSE_STREAM_PATTERN).test(sseExample.replace('event: end', 'event: token'))).toBe(false);
  });

  it('submit: admission answers 202 with queue position and predicted start [CLI-019, CLI-004]', async () => {
    await pact
      .addInteraction()
      .given(STATES.poolReady)
      .uponReceiving('a completion task submitted by llorch submit')
      .withRequest('POST', '/v1/tasks', (b) =>
        b
          .headers({ ...AUTH, ...JSON_BODY })
          .jsonBody(taskBody(IDS.admittedTask, IDS.admittedSession, POOLS.served)),
      )
      .willRespondWith(202, (b) =>
        b.headers(CORRELATED).jsonBody({
          task_id: uuid(IDS.admittedTask),
          queue_position: integer(0),
          predicted_start_ms: integer(0),
          backoff_ms: integer(0),
        }),
      )
      .executeTest(async (mock) => {
        const run = await cli(mock.url, [
          ...submitArgs(IDS.admittedTask, IDS.admittedSession, POOLS.served),
          '--no-stream',
          'the',
        ]);
        expect(run.stderr).toContain('queue position 0');
        expect(run).toMatchObject({ status: 0, stdout: `${IDS.admittedTask}\n` });
      });
  });

  it('submit under backpressure: 429 with Retry-After, X-Backoff-Ms and the policy [CLI-019, CLI-009]', async () => {
    await pact
      .addInteraction()
      .given(STATES.queueFull)
      .uponReceiving('a task for a pool whose queue is full')
      .withRequest('POST', '/v1/tasks', (b) =>
        b
          .headers({ ...AUTH, ...JSON_BODY })
          .jsonBody(taskBody(IDS.refusedTask, IDS.refusedSession, POOLS.busy)),
      )
      .willRespondWith(429, (b) =>
        b
          .headers({
            ...CORRELATED,
            'Retry-After': regex('^[0-9]+$', '1'),
            'X-Backoff-Ms': regex('^[0-9]+$', '30'),
          })
          .jsonBody({
            code: regex('^(ADMISSION_REJECT|QUEUE_FULL_DROP_LRU)$', 'ADMISSION_REJECT'),
            policy_label: regex('^(reject|drop-lru)$', 'reject'),
            retriable: true,
            retry_after_ms: integer(30),
            message: like('queue for pool busy is full (1/1); retry after 30 ms'),
          }),
      )
      .executeTest(async (mock) => {
        const run = await cli(mock.url, [
          ...submitArgs(IDS.refusedTask, IDS.refusedSession, POOLS.busy),
          '--max-attempts',
          '2',
          'the',
        ]);
        expect(run.stderr).toContain('retrying in');
        expect(run.stderr).toContain('error RETRIES_EXHAUSTED (server code ADMISSION_REJECT, HTTP 429');
        expect(run.status).toBe(3);
      });
  });

  it('stream: started, tokens, end as text/event-stream [CLI-019, CLI-013]', async () => {
    await pact
      .addInteraction()
      .given(STATES.taskFinished)
      .uponReceiving('the event stream of a finished task')
      .withRequest('GET', `/v1/tasks/${IDS.finishedTask}/stream`, (b) =>
        b.headers({ ...AUTH, Accept: 'text/event-stream' }),
      )
      .willRespondWith(200, (b) =>
        // A Content-Type without parameters matches any charset the server adds.
        textBody(b, 'text/event-stream', sseExample)
          .headers({ ...CORRELATED, 'Content-Type': 'text/event-stream' })
          .matchingRules({ body: { path: '$', rules: [regex(SSE_STREAM_PATTERN, sseExample)] } }),
      )
      .executeTest(async (mock) => {
        const run = await cli(mock.url, ['stream', IDS.finishedTask]);
        expect(run).toMatchObject({ status: 0, stdout: ' quick brown fox' });
      });
  });

  it('stream of an unknown task: 404 with the error envelope [CLI-019, CLI-016]', async () => {
    await pact
      .addInteraction()
      .uponReceiving('a stream request for a task nobody submitted')
      .withRequest('GET', `/v1/tasks/${IDS.unknownTask}/stream`, (b) =>
        b.headers({ ...AUTH, Accept: 'text/event-stream' }),
      )
      .willRespondWith(404, (b) =>
        b.headers(CORRELATED).jsonBody({
          code: 'NOT_FOUND',
          message: like(`no task ${IDS.unknownTask}; submit it with POST /v1/tasks first`),
        }),
      )
      .executeTest(async (mock) => {
        const run = await cli(mock.url, ['stream', IDS.unknownTask]);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain('error NOT_FOUND (HTTP 404');
      });
  });

  it('cancel: 204 for a running task [CLI-019, CLI-014]', async () => {
    await pact
      .addInteraction()
      .given(STATES.taskRunning)
      .uponReceiving('a cancel of a running task')
      .withRequest('POST', `/v1/tasks/${IDS.runningTask}/cancel`, (b) => b.headers(AUTH))
      .willRespondWith(204)
      .executeTest(async (mock) => {
        expect(await cli(mock.url, ['cancel', IDS.runningTask])).toMatchObject({
          status: 0,
          stdout: `canceled task ${IDS.runningTask}\n`,
        });
      });
  });

  it('sessions show: TTL, turns and KV figures [CLI-019]', async () => {
    await pact
      .addInteraction()
      .given(STATES.sessionWithTurn)
      .uponReceiving('a request for a live session')
      .withRequest('GET', `/v1/sessions/${IDS.sessionWithTurn}`, (b) => b.headers(AUTH))
      .willRespondWith(200, (b) =>
        b.headers(CORRELATED).jsonBody({
          session_id: uuid(IDS.sessionWithTurn),
          ttl_ms_remaining: integer(412_000),
          turns: integer(1),
          kv_bytes: integer(0),
          kv_warmth: boolean(true),
        }),
      )
      .executeTest(async (mock) => {
        const run = await cli(mock.url, ['sessions', 'show', IDS.sessionWithTurn]);
        expect(run.status).toBe(0);
        expect(run.stdout).toContain('turns:       1');
      });
  });

  it('sessions delete: 204 [CLI-019]', async () => {
    await pact
      .addInteraction()
      .given(STATES.sessionWithTurn)
      .uponReceiving('a session eviction')
      .withRequest('DELETE', `/v1/sessions/${IDS.sessionWithTurn}`, (b) => b.headers(AUTH))
      .willRespondWith(204)
      .executeTest(async (mock) => {
        expect((await cli(mock.url, ['sessions', 'delete', IDS.sessionWithTurn])).status).toBe(0);
      });
  });
}
