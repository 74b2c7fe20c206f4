// ORCHD-069, ORCHD-066: an Anthropic Messages body read as a chat task: system
// blocks, tool_use and tool_result blocks, tools and tool_choice, sampling
// fields; what is dropped, what is ignored and what is refused with a 400.
import { describe, expect, it } from 'vitest';
import { parseCountRequest, parseMessagesRequest } from '../src/compat/anthropic-request.js';
import { OrchestratordError } from '../src/errors.js';

const base = { model: 'm', max_tokens: 64 };

function refusal(body: unknown): OrchestratordError {
  try {
    parseMessagesRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(OrchestratordError);
    return error as OrchestratordError;
  }
  throw new Error('expected a refusal');
}

describe('Anthropic request mapping', () => {
  it('joins system text blocks into one system message and ignores cache_control', () => {
    const { generation } = parseMessagesRequest({
      ...base,
      system: [
        { type: 'text', text: 'You are a coding agent.' },
        { type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } },
      ],
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(generation.messages).toEqual([
      { role: 'system', content: 'You are a coding agent.\n\nBe brief.' },
      { role: 'user', content: 'hi' },
    ]);
    expect(generation.workload).toBe('chat');
    expect(generation.max_tokens).toBe(64);
  });

  it('maps a tool round trip: tool_use to tool_calls, tool_result to tool messages before the text', () => {
    const { generation } = parseMessagesRequest({
      ...base,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'list files' }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'I should run ls', signature: 'sig' },
            { type: 'text', text: 'Running ls.' },
            { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } },
            { type: 'tool_use', id: 'toolu_2', name: 'Read', input: { path: 'a' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'README.md\nsrc' },
            {
              type: 'tool_result',
              tool_use_id: 'toolu_2',
              is_error: true,
              content: [{ type: 'text', text: 'no such file' }],
            },
            { type: 'text', text: 'continue' },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_3', name: 'Bash', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_3' }] },
      ],
    });
    expect(generation.messages).toEqual([
      { role: 'user', content: 'list files' },
      {
        role: 'assistant',
        content: 'Running ls.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'Read', arguments: '{"path":"a"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'README.md\nsrc' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: no such file' },
      { role: 'user', content: 'continue' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'toolu_3', type: 'function', function: { name: 'Bash', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'toolu_3', content: '' },
    ]);
  });

  it('maps tools and every tool_choice', () => {
    const tools = [
      { name: 'Bash', description: 'Run a command', input_schema: { type: 'object' } },
      { type: 'custom', name: 'Read', input_schema: { type: 'object', properties: {} } },
    ];
    const messages = [{ role: 'user', content: 'x' }];
    const choice = (tool_choice: unknown): unknown =>
      parseMessagesRequest({ ...base, messages, tools, tool_choice }).generation.tool_choice;
    const { generation } = parseMessagesRequest({ ...base, messages, tools });
    expect(generation.tools).toEqual([
      {
        type: 'function',
        function: { name: 'Bash', description: 'Run a command', parameters: { type: 'object' } },
      },
      { type: 'function', function: { name: 'Read', parameters: { type: 'object', properties: {} } } },
    ]);
    expect(generation.tool_choice).toBeUndefined();
    expect(choice({ type: 'auto', disable_parallel_tool_use: true })).toBe('auto');
    expect(choice({ type: 'any' })).toBe('required');
    expect(choice({ type: 'none' })).toBe('none');
    expect(choice({ type: 'tool', name: 'Read' })).toEqual({ type: 'function', function: { name: 'Read' } });
    expect(
      refusal({ ...base, messages, tools, tool_choice: { type: 'tool', name: 'Nope' } }).message,
    ).toMatch(/tool_choice\.name/);
  });

  it('maps sampling fields and stop_sequences; accepts and ignores what cannot change the text', () => {
    const { generation, options } = parseMessagesRequest({
      ...base,
      messages: [{ role: 'user', content: 'x' }],
      stop_sequences: ['\n\nHuman:'],
      temperature: 0.2,
      top_p: 0.9,
      stream: true,
      thinking: { type: 'adaptive' },
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      output_config: { effort: 'medium' },
      metadata: { user_id: '{"device_id":"d"}' },
      service_tier: 'auto',
      container: null,
      mcp_servers: [],
    });
    expect(generation).toMatchObject({ stop: ['\n\nHuman:'], temperature: 0.2, top_p: 0.9 });
    expect(options).toEqual({ stream: true, stopSequences: ['\n\nHuman:'] });
  });

  it('refuses what it cannot honour, naming the field or block', () => {
    const user = (content: unknown): Record<string, unknown> => ({
      ...base,
      messages: [{ role: 'user', content }],
    });
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AA==' } };
    expect(refusal(user([{ type: 'text', text: 'see' }, image])).message).toMatch(
      /^messages\[0\]\.content\[1\]: image blocks are not served/,
    );
    expect(refusal(user([{ type: 'document', source: {} }])).message).toMatch(/document blocks/);
    expect(refusal(user([{ type: 'tool_result', tool_use_id: 't', content: [image] }])).message).toMatch(
      /messages\[0\]\.content\[0\]\.content\[0\]: image blocks/,
    );
    expect(refusal(user([{ type: 'tool_use', id: 't', name: 'n', input: {} }])).message).toMatch(
      /tool_use blocks belong in assistant turns/,
    );
    expect(
      refusal({ ...base, max_tokens: undefined, messages: [{ role: 'user', content: 'x' }] }).message,
    ).toMatch(/max_tokens/);
    expect(refusal({ ...user('x'), top_k: 5 }).message).toMatch(/top_k/);
    expect(refusal({ ...user('x'), temperature: 1.5 }).message).toMatch(/temperature/);
    const server = { type: 'web_search_20250305', name: 'web_search', max_uses: 5 };
    expect(refusal({ ...user('x'), tools: [server] }).message).toMatch(
      /tools\[0\]\.type.*web_search_20250305/,
    );
    expect(refusal({ ...user('x'), system: [{ type: 'image' }] }).message).toMatch(/^system\[0\]: image/);
    expect(refusal({ ...base, messages: [{ role: 'system', content: 'x' }] }).message).toMatch(/role/);
    expect(refusal({ ...base, messages: [] }).message).toMatch(/messages/);
    expect(refusal(user([image])).status).toBe(400);
  });

  it('reads a count_tokens body without max_tokens', () => {
    const generation = parseCountRequest({
      model: 'm',
      system: 'sys',
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ name: 'Bash', input_schema: { type: 'object' } }],
      tool_choice: { type: 'any' },
    });
    expect(generation.messages).toHaveLength(2);
    expect(generation.tool_choice).toBe('required');
    expect(generation.max_tokens).toBeUndefined();
  });
});
