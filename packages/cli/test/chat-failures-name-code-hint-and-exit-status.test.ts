// How `llorch chat` fails: an OpenAI error envelope becomes the CLI's usual
// `error CODE (HTTP n, correlation id X): message` plus a hint and the fixed
// exit status; a full queue is retried like `submit`; an error frame or a cut
// stream in the middle of a reply ends it with a clear message.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, startFakeServer, type FakeServer } from './support/fake-orchestratord.js';
import { chunk, dataFrame, openAiError, openChatStream, replyFrames } from './support/fake-openai-chat.js';
import { runAgainst } from './support/test-io.js';

let server: FakeServer;

beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(async () => server.close());

const chat = (argv: string[] = []) =>
  runAgainst(server.url, ['chat', '--model', 'tiny-bigram', ...argv, 'hi']);

describe('llorch chat failures', () => {
  it('turns an OpenAI error envelope into code, message, correlation id, hint and status 2 [CLI-016, CLI-017]', async () => {
    server.route('POST', '/v1/chat/completions', (_r, res) =>
      openAiError(res, 400, {
        message: 'max_tokens must be a positive integer',
        type: 'invalid_request_error',
        code: 'INVALID_PARAMS',
      }),
    );
    const run = await chat();
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'error INVALID_PARAMS (HTTP 400, correlation id corr-fake-1): max_tokens must be a positive integer',
    );
    expect(run.stderr).toContain('hint: fix the request as the message says');
  });

  it('names an unknown model with a hint about GET /v1/models, whatever the code spelling [CLI-016]', async () => {
    server.route('POST', '/v1/chat/completions', (_r, res) =>
      openAiError(res, 404, {
        message: 'model "nope" is not served',
        type: 'invalid_request_error',
        code: 'model_not_found',
      }),
    );
    const run = await chat();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'error INVALID_PARAMS (HTTP 404, correlation id corr-fake-1): model "nope" is not served',
    );
    expect(run.stderr).toContain('hint: name a model that GET /v1/models lists');
  });

  it('reports a rejected token with the auth hint and status 4 [CLI-016, CLI-017]', async () => {
    server.route('POST', '/v1/chat/completions', (_r, res) =>
      openAiError(res, 403, { message: 'token mismatch', type: 'authentication_error', code: null }),
    );
    const run = await chat();
    expect(run.status).toBe(4);
    expect(run.stderr).toContain('error AUTH (HTTP 403, correlation id corr-fake-1): token mismatch');
    expect(run.stderr).toContain('hint: the token does not match');
    expect(run.stderr).not.toContain('secret-token-123');
  });

  it('waits out a full queue as the server asks, then streams the reply [CLI-009]', async () => {
    let calls = 0;
    server.route('POST', '/v1/chat/completions', (_r, res) => {
      calls += 1;
      if (calls === 1) {
        openAiError(
          res,
          429,
          {
            message: 'queue for pool tiny-bigram is full',
            type: 'rate_limit_error',
            code: 'ADMISSION_REJECT',
          },
          { 'x-backoff-ms': '40', 'retry-after': '1' },
        );
        return;
      }
      openChatStream(res);
      res.end(replyFrames([' fox']));
    });
    const run = await chat();
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(' fox');
    expect(run.stderr).toContain(
      'ADMISSION_REJECT (HTTP 429): queue for pool tiny-bigram is full; retrying in 40 ms (attempt 2 of 5)',
    );
  });

  it('gives up with status 3 when the queue stays full [CLI-009, CLI-017]', async () => {
    server.route('POST', '/v1/chat/completions', (_r, res) =>
      openAiError(
        res,
        429,
        { message: 'queue full', type: 'rate_limit_error', code: 'ADMISSION_REJECT' },
        { 'x-backoff-ms': '10' },
      ),
    );
    const run = await chat();
    expect(run.status).toBe(3);
    expect(server.requests).toHaveLength(5);
    expect(run.stderr).toMatch(
      /error RETRIES_EXHAUSTED \(server code ADMISSION_REJECT, HTTP 429.*gave up after 5 attempts/,
    );
    expect(run.stderr).toContain('hint: the queue stayed full; retry later, or chat with --priority batch');
  });

  it('ends with status 5 on an error frame in the middle of the reply [CLI-017]', async () => {
    server.route('POST', '/v1/chat/completions', (_r, res) => {
      openChatStream(res);
      res.end(
        dataFrame(chunk({ content: ' the' })) +
          dataFrame({ error: { message: 'engine restarted', type: 'server_error', code: 'WORKER_RESET' } }),
      );
    });
    const run = await chat();
    expect(run.status).toBe(5);
    expect(run.stdout).toBe(' the');
    expect(run.stderr).toMatch(/error WORKER_RESET \(correlation id corr-chat-1\): engine restarted/);
    expect(run.stderr).toContain('hint: the engine restarted mid-task; resubmit the task');
  });

  it('says so when the stream stops before its last frame [CLI-016]', async () => {
    server.route('POST', '/v1/chat/completions', (_r, res) => {
      openChatStream(res);
      res.write(dataFrame(chunk({ content: ' the' })));
      setTimeout(() => res.destroy(), 20);
    });
    const run = await chat();
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(' the');
    expect(run.stderr).toContain('error STREAM_LOST');
    expect(run.stderr).toContain('the reply stream ended before its last frame (task ');
  });

  it('reports a server with no model to offer [CLI-016]', async () => {
    server.route('GET', '/v1/models', (_r, res) => json(res, 200, { object: 'list', data: [] }));
    const run = await runAgainst(server.url, ['chat', 'hi']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('error POOL_UNAVAILABLE: GET /v1/models lists no model');
  });
});
