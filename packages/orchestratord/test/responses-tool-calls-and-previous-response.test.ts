// Tool calls and continued conversations through the official `openai` SDK's
// Responses client: a model's tool call as a function_call item (whole and
// streamed), the function_call_output round trip reaching the engine as a tool
// turn, previous_response_id served from llama-orch's own store (instructions
// not carried over, store: false not kept), and the store's bounds taken from
// config: an unknown, expired or evicted id is a 404 naming the retention
// [ORCHD-070].
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import {
  createMockAdapter,
  type ChatInput,
  type CompletionEvent,
  type CompletionRequest,
  type EngineAdapter,
} from '@llama-orch/worker-adapters';
import { createLogger, startOrchestratord } from '../src/index.js';
import { LogSink, TOKEN, harnessConfig, startTestDaemon, waitFor } from './support/harness.js';

const SCRIPT = [' two', ' files'];
const TOOLS: OpenAI.Responses.FunctionTool[] = [
  {
    type: 'function',
    name: 'exec_command',
    description: 'Runs a shell command',
    parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] },
    strict: false,
  },
];

async function* callTool(): AsyncGenerator<CompletionEvent> {
  yield { type: 'tool_call', delta: { index: 0, id: 'call_ls', name: 'exec_command', arguments: '' } };
  yield { type: 'tool_call', delta: { index: 0, arguments: '{"cmd":' } };
  yield { type: 'tool_call', delta: { index: 0, arguments: '"ls"}' } };
  yield {
    type: 'end',
    stats: { tokens_in: 40, tokens_out: 0, completion_tokens: 6, decode_ms: 1, stop_reason: 'tool_calls' },
  };
}

/**
 * The mock engine as a model that, offered tools, calls exec_command when the user spoke last and
 * answers in text once it has a tool result; it records every chat it was sent.
 */
function toolCallingEngine(seen: ChatInput[]): EngineAdapter {
  const base = createMockAdapter({ script: SCRIPT });
  return {
    ...base,
    complete(request: CompletionRequest) {
      if (request.chat !== undefined) seen.push(request.chat);
      const last = request.chat?.messages.at(-1);
      const offered = (request.chat?.tools?.length ?? 0) > 0;
      return offered && last?.role === 'user' ? callTool() : base.complete(request);
    },
  };
}

describe('responses with tool calls and previous_response_id', () => {
  const seen: ChatInput[] = [];
  let daemon: Awaited<ReturnType<typeof startTestDaemon>>;
  let client: OpenAI;
  const lastChat = (): ChatInput | undefined => seen.at(-1);

  beforeAll(async () => {
    daemon = await startTestDaemon({ pools: [{ id: 'agent', replicas: [toolCallingEngine(seen)] }] });
    client = new OpenAI({ baseURL: `${daemon.url}/v1`, apiKey: TOKEN, maxRetries: 0 });
  });
  afterAll(async () => daemon?.stop());

  it('answers a tool call as a function_call item', async () => {
    const response = await client.responses.create({ model: 'agent', input: 'list files', tools: TOOLS });
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('');
    expect(response.output).toEqual([
      {
        type: 'function_call',
        id: expect.stringMatching(/^fc_/),
        call_id: 'call_ls',
        name: 'exec_command',
        arguments: '{"cmd":"ls"}',
        status: 'completed',
      },
    ]);
    expect(lastChat()?.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'exec_command',
          description: TOOLS[0]?.description,
          parameters: TOOLS[0]?.parameters,
        },
      },
    ]);
  });

  it('streams a tool call as a function_call item with argument deltas', async () => {
    const stream = await client.responses.create({
      model: 'agent',
      input: 'list files',
      tools: TOOLS,
      stream: true,
    });
    const types: string[] = [];
    let added: OpenAI.Responses.ResponseOutputItem | undefined;
    let args = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_item.added') added = event.item;
      if (event.type === 'response.function_call_arguments.delta') args += event.delta;
    }
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(added).toMatchObject({
      type: 'function_call',
      call_id: 'call_ls',
      arguments: '',
      status: 'in_progress',
    });
    expect(args).toBe('{"cmd":"ls"}');
    const final = await client.responses
      .stream({ model: 'agent', input: 'list files', tools: TOOLS })
      .finalResponse();
    expect(final.output[0]).toMatchObject({ type: 'function_call', arguments: '{"cmd":"ls"}' });
  });

  it('sends a function_call_output back to the engine as a tool turn', async () => {
    const response = await client.responses.create({
      model: 'agent',
      tools: TOOLS,
      store: false,
      input: [
        { role: 'user', content: 'list files' },
        { type: 'function_call', call_id: 'call_ls', name: 'exec_command', arguments: '{"cmd":"ls"}' },
        { type: 'function_call_output', call_id: 'call_ls', output: 'a.txt\nb.txt' },
      ],
    });
    expect(response.output_text).toBe(SCRIPT.join(''));
    expect(lastChat()?.messages).toEqual([
      { role: 'user', content: 'list files' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_ls', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"ls"}' } },
        ],
      },
      { role: 'tool', content: 'a.txt\nb.txt', tool_call_id: 'call_ls' },
    ]);
  });

  it('continues from previous_response_id with the stored conversation, not its instructions', async () => {
    const first = await client.responses.create({
      model: 'agent',
      instructions: 'old rules',
      input: 'list files',
      tools: TOOLS,
    });
    const call = first.output[0] as OpenAI.Responses.ResponseFunctionToolCall;
    const second = await client.responses
      .stream({
        model: 'agent',
        instructions: 'new rules',
        previous_response_id: first.id,
        input: [{ type: 'function_call_output', call_id: call.call_id, output: 'a.txt' }],
        tools: TOOLS,
      })
      .finalResponse();
    expect(second.previous_response_id).toBe(first.id);
    expect(lastChat()?.messages.map((m) => [m.role, m.content])).toEqual([
      ['system', 'new rules'],
      ['user', 'list files'],
      ['assistant', null],
      ['tool', 'a.txt'],
    ]);
    await client.responses.create({ model: 'agent', previous_response_id: second.id, input: 'thanks' });
    expect(lastChat()?.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'list files'],
      ['assistant', null],
      ['tool', 'a.txt'],
      ['assistant', SCRIPT.join('')],
      ['user', 'thanks'],
    ]);
  });

  it('answers an unknown id, or one sent with store: false, with a 404 naming the retention', async () => {
    const unknown = await client.responses
      .create({ model: 'agent', previous_response_id: 'resp_never', input: 'x' })
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    const error = unknown as InstanceType<typeof OpenAI.NotFoundError>;
    expect(error.code).toBe('previous_response_not_found');
    expect(error.param).toBe('previous_response_id');
    expect(error.message).toMatch(/kept in memory for 1 h .*at most 1000/);
    const unstored = await client.responses.create({ model: 'agent', input: 'hi', store: false });
    const refused = await client.responses
      .create({ model: 'agent', previous_response_id: unstored.id, input: 'x' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('the previous_response_id store bounded by config', () => {
  let daemon: Awaited<ReturnType<typeof startOrchestratord>>;
  let client: OpenAI;

  beforeAll(async () => {
    const pools = [{ id: 'agent', replicas: [createMockAdapter({ script: SCRIPT })] }];
    const config = {
      ...harnessConfig({ pools }),
      compat: { responses: { retention_ms: 400, max_stored: 2 } },
    };
    daemon = await startOrchestratord({
      config,
      replicas: [{ pool_id: 'agent', replica_id: 'agent-0', adapter: pools[0]!.replicas[0]! }],
      token: TOKEN,
      logger: createLogger({ level: 'info', destination: new LogSink(), secrets: [TOKEN] }),
      host: '127.0.0.1',
      port: 0,
    });
    await waitFor(() => daemon.dataPlane.readiness().ready, 5_000);
    client = new OpenAI({ baseURL: `${daemon.url}/v1`, apiKey: TOKEN, maxRetries: 0 });
  });
  afterAll(async () => daemon?.stop());

  const continueFrom = (id: string) =>
    client.responses
      .create({ model: 'agent', previous_response_id: id, input: 'more' })
      .catch((e: unknown) => e);

  it('forgets a response once retention_ms has passed', async () => {
    const kept = await client.responses.create({ model: 'agent', input: 'hi' });
    expect(await continueFrom(kept.id)).toMatchObject({ status: 'completed' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const expired = await continueFrom(kept.id);
    expect(expired).toBeInstanceOf(OpenAI.NotFoundError);
    expect((expired as Error).message).toMatch(/kept in memory for 400 ms .*at most 2 of them/);
  });

  it('forgets the oldest response beyond max_stored', async () => {
    const oldest = await client.responses.create({ model: 'agent', input: 'a' });
    await client.responses.create({ model: 'agent', input: 'b' });
    const newest = await client.responses.create({ model: 'agent', input: 'c' });
    expect(await continueFrom(oldest.id)).toBeInstanceOf(OpenAI.NotFoundError);
    expect(await continueFrom(newest.id)).toMatchObject({ status: 'completed' });
  });
});
