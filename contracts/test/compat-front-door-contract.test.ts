// compat.yaml, the agents' front door: the OpenAI- and Anthropic-shaped routes
// keep the native rules where they apply (auth, correlation ids, Retry-After on
// 429) but answer failures in each vendor's own error body, accept unknown
// request fields, hand out the native task id and say what is left out on purpose.
// openapi-contract.test.ts covers auth and X-Correlation-Id for every root document.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, PRIORITIES } from '@llama-orch/contracts';
import {
  deref,
  find,
  get,
  load,
  operations,
  response,
  type Located,
  type Node,
  type Operation,
} from './support/openapi-documents.js';

const FILE = 'compat.yaml';
const OPENAI = ['/v1/chat/completions', '/v1/completions', '/v1/responses'];
const ANTHROPIC = ['/v1/messages', '/v1/messages/count_tokens'];
const GENERATION = ['/v1/chat/completions', '/v1/completions', '/v1/responses', '/v1/messages'];
const ops = operations(FILE);
const byPath = (p: string): Operation => find(FILE, p === '/v1/models' ? 'get' : 'post', p);
const named = (file: string, name: string): Node => get(file, load(file), 'components', 'schemas', name).node;
const openAiError = () => named('compat-openai.yaml', 'OpenAiError');
const anthropicError = () => named('compat-anthropic.yaml', 'AnthropicError');
const errorStatuses = (o: Operation) => Object.keys(o.op.responses as Node).filter((s) => Number(s) >= 400);
const jsonBody = (at: Located) => get(at.file, at.node, 'content', 'application/json');
const examplesOf = (media: Located): Node[] =>
  media.node.example !== undefined
    ? [media.node.example as Node]
    : Object.values((media.node.examples ?? {}) as Node).map((e) => deref(media.file, e).node.value as Node);
const params = (o: Operation) => ((o.op.parameters as unknown[]) ?? []).map((p) => deref(o.file, p).node);

describe('compat.yaml: the agents front door', () => {
  it.each([['get', '/v1/models'], ...[...OPENAI, ...ANTHROPIC].map((p) => ['post', p])])(
    'declares %s %s [OC-016]',
    (method, p) => {
      expect(() => find(FILE, method, p)).not.toThrow();
    },
  );

  it('declares nothing beyond the served subset [OC-016]', () => {
    expect(ops.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
      ['get /v1/models', ...[...OPENAI, ...ANTHROPIC].map((p) => `post ${p}`)].sort(),
    );
  });

  it('every 429 declares Retry-After and X-Backoff-Ms [ORCHD-062]', () => {
    const limited = ops.filter((o) => (o.op.responses as Node)['429'] !== undefined);
    expect(limited.map((o) => o.path).sort()).toEqual(GENERATION.slice().sort());
    for (const o of limited) {
      const headers = response(o, '429').node.headers as Node;
      expect(deref(o.file, headers['Retry-After']).node, o.path).toMatchObject({ required: true });
      expect(deref(o.file, headers['X-Backoff-Ms']).node, o.path).toMatchObject({ required: true });
    }
  });

  it.each(OPENAI)("%s answers every failure with OpenAI's error body [ORCHD-062]", (p) => {
    const o = byPath(p);
    expect(errorStatuses(o)).toEqual(
      expect.arrayContaining(['400', '401', '403', '404', '429', '500', '503']),
    );
    for (const status of errorStatuses(o)) {
      const media = jsonBody(response(o, status));
      expect(deref(media.file, media.node.schema).node, `${p} ${status}`).toBe(openAiError());
      for (const example of examplesOf(media)) {
        expect(Object.keys(example.error as Node).sort(), `${p} ${status}`).toEqual([
          'code',
          'message',
          'param',
          'type',
        ]);
      }
    }
  });

  it.each(ANTHROPIC)("%s answers every failure with Anthropic's error body [ORCHD-062]", (p) => {
    const o = byPath(p);
    expect(errorStatuses(o)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '500', '503']));
    for (const status of errorStatuses(o)) {
      const media = jsonBody(response(o, status));
      expect(deref(media.file, media.node.schema).node, `${p} ${status}`).toBe(anthropicError());
      for (const example of examplesOf(media)) {
        expect(example.type, `${p} ${status}`).toBe('error');
        expect(Object.keys(example.error as Node).sort(), `${p} ${status}`).toEqual(['message', 'type']);
      }
    }
  });

  it('/v1/models answers in either shape, chosen by the anthropic-version header [OC-016]', () => {
    const o = byPath('/v1/models');
    expect(params(o)).toContainEqual(expect.objectContaining({ name: 'anthropic-version', in: 'header' }));
    const ok = jsonBody(response(o, '200'));
    const shapes = (deref(ok.file, ok.node.schema).node.oneOf as unknown[]).map(
      (s) => deref(ok.file, s).node,
    );
    expect(shapes).toEqual([
      named('compat-openai.yaml', 'OpenAiModelList'),
      named('compat-anthropic.yaml', 'AnthropicModelList'),
    ]);
    for (const status of errorStatuses(o)) {
      const media = jsonBody(response(o, status));
      const either = deref(media.file, media.node.schema).node;
      expect((either.anyOf as unknown[]).map((s) => deref(media.file, s).node)).toEqual([
        openAiError(),
        anthropicError(),
      ]);
    }
  });

  it("error bodies have the vendors' required fields, and OpenAI codes spell every llama-orch code in lower case [ORCHD-062, OC-012]", () => {
    const openAi = get('compat-openai.yaml', openAiError(), 'properties', 'error');
    expect(openAi.node.required).toEqual(['message', 'type', 'code', 'param']);
    const code = get(openAi.file, openAi.node, 'properties', 'code').node;
    const [vendor, native] = (code.anyOf as unknown[]).map(
      (c) => deref(openAi.file, c).node.enum as string[],
    );
    expect(vendor).toEqual(
      expect.arrayContaining(['model_not_found', 'context_length_exceeded', 'unsupported_parameter']),
    );
    expect(native).toEqual(ERROR_CODES.map((c) => c.toLowerCase()));
    const anthropic = anthropicError();
    expect(anthropic.required).toEqual(['type', 'error']);
    expect(get('compat-anthropic.yaml', anthropic, 'properties', 'type').node.const).toBe('error');
    expect(get('compat-anthropic.yaml', anthropic, 'properties', 'error').node.required).toEqual([
      'type',
      'message',
    ]);
  });

  it.each(GENERATION)('%s: an unknown model is 404 naming the served ones [ORCHD-063]', (p) => {
    const media = jsonBody(response(byPath(p), '404'));
    const notFound = examplesOf(media).map((e) => e.error as Node);
    expect(notFound).toContainEqual(
      p.startsWith('/v1/messages')
        ? expect.objectContaining({
            type: 'not_found_error',
            message: expect.stringMatching(/served models: /),
          })
        : expect.objectContaining({
            code: 'model_not_found',
            message: expect.stringMatching(/served models: /),
          }),
    );
  });

  it('an unknown or forgotten previous_response_id is 404 previous_response_not_found [ORCHD-070]', () => {
    const media = jsonBody(response(byPath('/v1/responses'), '404'));
    expect(examplesOf(media).map((e) => (e.error as Node).code)).toContain('previous_response_not_found');
  });

  it.each([...OPENAI, ...ANTHROPIC])('%s accepts unknown request fields [ORCHD-066]', (p) => {
    const o = byPath(p);
    const schema = get(o.file, o.op, 'requestBody', 'content', 'application/json', 'schema').node;
    expect(schema.additionalProperties).toBe(true);
  });

  it.each(GENERATION)(
    '%s takes X-Llorch-Priority and X-Llorch-Session and answers with the task id, whole or streamed [ORCHD-064]',
    (p) => {
      const o = byPath(p);
      const priority = params(o).find((p) => p.name === 'X-Llorch-Priority');
      expect(priority).toMatchObject({ in: 'header', schema: { default: 'interactive' } });
      // The header takes the data plane's one Priority list, not a copy of it.
      const allOf = ((priority?.schema as Node | undefined)?.allOf ?? []) as Node[];
      expect(allOf.map((s) => deref(FILE, s).node.enum)).toEqual([[...PRIORITIES]]);
      expect(params(o)).toContainEqual(expect.objectContaining({ name: 'X-Llorch-Session', in: 'header' }));
      const ok = response(o, '200');
      const taskId = deref(ok.file, (ok.node.headers as Node)['X-Llorch-Task-Id']).node;
      expect(taskId).toMatchObject({ required: true });
      expect(Object.keys(ok.node.content as Node).sort()).toEqual(['application/json', 'text/event-stream']);
    },
  );

  it("Anthropic routes accept the SDK's ?beta=true [OC-016]", () => {
    for (const p of ANTHROPIC) {
      expect(params(byPath(p))).toContainEqual(expect.objectContaining({ name: 'beta', in: 'query' }));
    }
  });

  it('OpenAI streams end with [DONE]; Anthropic and Responses streams are named events [OC-016]', () => {
    const chat = get(
      FILE,
      byPath('/v1/chat/completions').op,
      'responses',
      '200',
      'content',
      'text/event-stream',
      'schema',
    );
    const lines = (chat.node.oneOf as unknown[]).map((s) => deref(chat.file, s).node);
    expect(lines).toContainEqual(expect.objectContaining({ const: '[DONE]' }));

    const messages = get(
      FILE,
      byPath('/v1/messages').op,
      'responses',
      '200',
      'content',
      'text/event-stream',
      'schema',
    );
    expect(Object.keys((messages.node.discriminator as Node).mapping as Node).sort()).toEqual(
      [
        'message_start',
        'content_block_start',
        'content_block_delta',
        'content_block_stop',
        'message_delta',
        'message_stop',
        'ping',
        'error',
      ].sort(),
    );

    const responses = get(
      FILE,
      byPath('/v1/responses').op,
      'responses',
      '200',
      'content',
      'text/event-stream',
      'schema',
    );
    const types = (responses.node.oneOf as unknown[]).flatMap((s) => {
      const type = get(responses.file, s, 'properties', 'type').node;
      return (type.enum as string[] | undefined) ?? [type.const as string];
    });
    expect(types.sort()).toEqual(
      [
        'response.created',
        'response.in_progress',
        'response.output_item.added',
        'response.content_part.added',
        'response.output_text.delta',
        'response.output_text.done',
        'response.content_part.done',
        'response.function_call_arguments.delta',
        'response.function_call_arguments.done',
        'response.output_item.done',
        'response.completed',
        'response.incomplete',
        'response.failed',
        'error',
      ].sort(),
    );
  });

  it("replies carry every field the vendors' SDK types require, so a typed client never reads undefined [OC-016]", () => {
    const required = (file: string, node: Node, ...path: string[]): unknown =>
      get(file, node, ...path).node.required;
    const openAi = 'compat-openai.yaml';
    const choiceOf = (name: string): Node =>
      get(openAi, named(openAi, name), 'properties', 'choices', 'items').node;
    expect(named(openAi, 'OpenAiAssistantMessage').required).toContain('refusal');
    for (const name of ['OpenAiChatCompletionChunk', 'OpenAiCompletionChunk']) {
      expect(choiceOf(name).required, name).toContain('logprobs');
    }
    const responses = 'compat-responses.yaml';
    expect(named(responses, 'OpenAiResponse').required).toEqual(
      expect.arrayContaining([
        'instructions',
        'metadata',
        'parallel_tool_calls',
        'temperature',
        'tool_choice',
        'tools',
        'top_p',
      ]),
    );
    const usage = named(responses, 'OpenAiResponseUsage');
    expect(usage.required).toEqual(expect.arrayContaining(['input_tokens_details', 'output_tokens_details']));
    expect(required(responses, usage, 'properties', 'input_tokens_details')).toContain('cached_tokens');
    expect(required(responses, usage, 'properties', 'output_tokens_details')).toContain('reasoning_tokens');
    const delta = named('compat-anthropic.yaml', 'AnthropicMessageDeltaEvent');
    expect(required('compat-anthropic.yaml', delta, 'properties', 'usage')).toEqual(
      expect.arrayContaining(['input_tokens', 'output_tokens']),
    );
  });

  it('records what is deliberately unsupported, with the answer a client gets and why [OC-016]', () => {
    const unsupported = load(FILE)['x-unsupported'] as Node[];
    for (const entry of unsupported) {
      expect(Object.keys(entry).sort()).toEqual(['answer', 'feature', 'why']);
    }
    const features = unsupported.map((e) => String(e.feature)).join('\n');
    for (const topic of [/n > 1/, /logprobs/, /audio/, /image/, /embeddings/, /store/, /`prompt`/]) {
      expect(features).toMatch(topic);
    }
  });
});
