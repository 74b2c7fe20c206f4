// CLI-019, CLI-021: the interactions of `llorch chat` with the OpenAI-compatible
// routes (the model list it takes its default from, streamed turns with the
// X-Llorch-* headers, a conversation's history, the unknown-model 404),
// registered as tests on the suite's one pact. A test that needs two requests
// registers both interactions before it runs: they share one mock server.
import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import { expect, it } from 'vitest';
import { AUTH, JSON_BODY, CORRELATED, cli, textBody } from './consumer-kit.js';
import { CHAT_STREAM_PATTERN, IDS, POOLS, STATES, UNSERVED_MODEL } from './pact-shared.js';

const { eachLike, integer, like, regex } = MatchersV3;

const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const STREAM_ACCEPT = { Accept: 'text/event-stream' };
const TASK_ID = '3c5e7a9c-1e3a-4c5e-8a7c-9e1a3c5e7a9c';

/** A stream as orchestratord writes it: the role first, the text, the finish reason, usage, [DONE]. */
function chatStreamExample(pieces: readonly string[]): string {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({
      id: `chatcmpl-${TASK_ID}`,
      object: 'chat.completion.chunk',
      created: 1_764_000_000,
      model: POOLS.served,
      choices,
      ...extra,
    })}\n\n`;
  const delta = (value: Record<string, unknown>, finish: string | null = null) =>
    chunk([{ index: 0, delta: value, logprobs: null, finish_reason: finish }]);
  const usage = { prompt_tokens: 9, completion_tokens: pieces.length, total_tokens: 9 + pieces.length };
  return [
    delta({ role: 'assistant', content: '' }),
    ...pieces.map((content) => delta({ content })),
    delta({}, 'length'),
    chunk([], { usage }),
    'data: [DONE]\n\n',
  ].join('');
}

const FIRST_REPLY = [' quick', ' brown', ' fox'];
const SECOND_REPLY = [' lazy', ' dog'];

/** The parts of Pact's response builder a streamed reply uses (the type itself is not exported). */
interface ResponseBuilder<B> {
  headers(headers: Record<string, unknown>): B;
  matchingRules(rules: unknown): B;
}

/** What every streamed turn answers: 200, SSE held to the pattern, the task named in a header. */
function streamedReply<B extends ResponseBuilder<B>>(b: B, pieces: readonly string[]): B {
  const example = chatStreamExample(pieces);
  return textBody(b, 'text/event-stream', example)
    .headers({
      ...CORRELATED,
      'Content-Type': 'text/event-stream',
      'X-Llorch-Task-Id': regex(UUID_PATTERN, TASK_ID),
    })
    .matchingRules({ body: { path: '$', rules: [regex(CHAT_STREAM_PATTERN, example)] } });
}

/** The body of a turn: the CLI always streams and always asks for usage. */
function turnBody(model: unknown, messages: unknown, extra: Record<string, unknown> = {}) {
  return { model, messages, stream: true, stream_options: { include_usage: true }, ...extra };
}

export function chatInteractions(pact: PactV4): void {
  it('the chat stream example matches the pattern the provider is held to [CLI-019]', () => {
    const pattern = new RegExp(CHAT_STREAM_PATTERN);
    const example = chatStreamExample(FIRST_REPLY);
    expect(pattern.test(example)).toBe(true);
    expect(pattern.test(`: keep-alive\n\n${example}`)).toBe(true);
    expect(pattern.test(example.replace('data: [DONE]\n\n', ''))).toBe(false);
    expect(pattern.test(example.replace('"finish_reason":"length"', '"finish_reason":null'))).toBe(false);
    const fault =
      'data: {"error":{"message":"engine reset","type":"server_error","code":"worker_reset"}}\n\n';
    expect(pattern.test(example.replace('data: [DONE]', `${fault}data: [DONE]`))).toBe(false);
  });

  it('one-shot chat: the default model from /v1/models, then one streamed turn with priority and session [CLI-019, CLI-021]', async () => {
    pact
      .addInteraction()
      .given(STATES.poolReady)
      .uponReceiving('a listing of the served models')
      .withRequest('GET', '/v1/models', (b) => b.headers(AUTH))
      .willRespondWith(200, (b) =>
        b.headers(CORRELATED).jsonBody({
          object: 'list',
          data: eachLike({ id: like(POOLS.served), object: 'model' }),
        }),
      );
    await pact
      .addInteraction()
      .given(STATES.poolReady)
      .uponReceiving('a one-shot chat turn streamed under a priority and a session')
      .withRequest('POST', '/v1/chat/completions', (b) =>
        b
          .headers({
            ...AUTH,
            ...JSON_BODY,
            ...STREAM_ACCEPT,
            'X-Llorch-Priority': regex('^(interactive|batch)$', 'interactive'),
            'X-Llorch-Session': regex(UUID_PATTERN, IDS.chatSession),
          })
          .jsonBody(
            turnBody(
              POOLS.served,
              [
                { role: 'system', content: like('answer in a few words') },
                { role: 'user', content: like('name an animal') },
              ],
              { max_tokens: integer(8), seed: integer(42) },
            ),
          ),
      )
      .willRespondWith(200, (b) => streamedReply(b, FIRST_REPLY))
      .executeTest(async (mock) => {
        const run = await cli(mock.url, [
          'chat',
          '--system',
          'answer in a few words',
          '--max-tokens',
          '8',
          '--seed',
          '42',
          '--priority',
          'interactive',
          '--session',
          IDS.chatSession,
          'name an animal',
        ]);
        expect(run).toMatchObject({ status: 0, stdout: ' quick brown fox' });
      });
  });

  it('conversation: the second turn carries the first exchange [CLI-019, CLI-021]', async () => {
    const conversationTurn = (description: string, messages: unknown[], pieces: readonly string[]) =>
      pact
        .addInteraction()
        .given(STATES.poolReady)
        .uponReceiving(description)
        .withRequest('POST', '/v1/chat/completions', (b) =>
          b
            .headers({
              ...AUTH,
              ...JSON_BODY,
              ...STREAM_ACCEPT,
              'X-Llorch-Session': regex(UUID_PATTERN, IDS.conversationSession),
            })
            .jsonBody(turnBody(POOLS.served, messages, { max_tokens: integer(8) })),
        )
        .willRespondWith(200, (b) => streamedReply(b, pieces));
    conversationTurn(
      'the first turn of a conversation',
      [{ role: 'user', content: like('hello') }],
      FIRST_REPLY,
    );
    await conversationTurn(
      'a later conversation turn carrying the history',
      [
        { role: 'user', content: like('hello') },
        { role: 'assistant', content: like(FIRST_REPLY.join('')) },
        { role: 'user', content: like('and then?') },
      ],
      SECOND_REPLY,
    ).executeTest(async (mock) => {
      const run = await cli(
        mock.url,
        ['chat', '--interactive', '--model', POOLS.served, '--max-tokens', '8'],
        'hello\nand then?\n',
      );
      expect(run).toMatchObject({ status: 0, stdout: ' quick brown fox\n lazy dog\n' });
      expect(run.stderr).toMatch(new RegExp(`chat with ${POOLS.served}, session [0-9a-f-]{36}`));
    });
  });

  it('chat with a model no pool serves: 404 in the OpenAI error shape [CLI-019, CLI-016, CLI-021]', async () => {
    await pact
      .addInteraction()
      .uponReceiving('a chat turn for a model no pool serves')
      .withRequest('POST', '/v1/chat/completions', (b) =>
        b
          .headers({ ...AUTH, ...JSON_BODY, ...STREAM_ACCEPT })
          .jsonBody(turnBody(UNSERVED_MODEL, [{ role: 'user', content: like('hello') }])),
      )
      .willRespondWith(404, (b) =>
        b.headers(CORRELATED).jsonBody({
          error: {
            message: like(`model ${UNSERVED_MODEL} is not served here; served models: ${POOLS.served}`),
            type: like('not_found_error'),
            code: like('model_not_found'),
          },
        }),
      )
      .executeTest(async (mock) => {
        const run = await cli(mock.url, ['chat', '--model', UNSERVED_MODEL, 'hello']);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain('error INVALID_PARAMS (HTTP 404');
        expect(run.stderr).toContain(`model ${UNSERVED_MODEL} is not served here`);
        expect(run.stderr).toContain('hint: name a model that GET /v1/models lists');
      });
  });
}
