// How a POST /v1/responses body becomes a chat task: input items as turns, flat
// function tools as engine tools (other tool types skipped), tool_choice and
// text.format mapped, the fields Codex CLI sends accepted, and every refusal a
// 400 naming the field or item [ORCHD-070] [ORCHD-066].
import { describe, expect, it } from 'vitest';
import { OrchestratordError } from '../src/index.js';
import { parseResponsesRequest } from '../src/compat/responses-request.js';

const parse = (body: Record<string, unknown>) => parseResponsesRequest({ model: 'm', ...body });

function refusal(body: Record<string, unknown>): OrchestratordError {
  try {
    parse(body);
  } catch (error) {
    if (error instanceof OrchestratordError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('a Responses request read as a chat', () => {
  it('takes a string input as one user turn and instructions as a system turn', () => {
    const parsed = parse({ input: 'hi', instructions: 'be brief' });
    expect(parsed.input).toEqual([{ role: 'user', content: 'hi' }]);
    expect(parsed.instructions).toEqual({ role: 'system', content: 'be brief' });
    expect(parsed.generation.workload).toBe('chat');
    expect(parsed.store).toBe(true);
  });

  it('maps message, function_call and function_call_output items and drops reasoning', () => {
    const parsed = parse({
      input: [
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'rules' }] },
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'list ' },
            { type: 'input_text', text: 'files' },
          ],
        },
        { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'opaque' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Looking.' }] },
        { type: 'function_call', call_id: 'c1', name: 'exec_command', arguments: '{"cmd":"ls"}' },
        { type: 'function_call', call_id: 'c2', name: 'exec_command', arguments: '{"cmd":"pwd"}' },
        { type: 'function_call_output', call_id: 'c1', output: 'a.txt' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: '/w' }] },
        { type: 'function_call', call_id: 'c3', name: 'read', arguments: '{}' },
      ],
    });
    const call = (id: string, name: string, args: string) => ({
      id,
      type: 'function',
      function: { name, arguments: args },
    });
    expect(parsed.input).toEqual([
      { role: 'system', content: 'rules' },
      { role: 'user', content: 'list files' },
      {
        role: 'assistant',
        content: 'Looking.',
        tool_calls: [call('c1', 'exec_command', '{"cmd":"ls"}'), call('c2', 'exec_command', '{"cmd":"pwd"}')],
      },
      { role: 'tool', content: 'a.txt', tool_call_id: 'c1' },
      { role: 'tool', content: '/w', tool_call_id: 'c2' },
      { role: 'assistant', content: null, tool_calls: [call('c3', 'read', '{}')] },
    ]);
  });

  it('serves flat function tools, skips other tool types and maps tool_choice', () => {
    const parsed = parse({
      input: 'x',
      tools: [
        {
          type: 'function',
          name: 'exec_command',
          description: 'run',
          parameters: { type: 'object' },
          strict: false,
        },
        { type: 'local_shell' },
        { type: 'web_search', search_context_size: 'low' },
        { type: 'custom', name: 'apply_patch', format: { type: 'grammar' } },
      ],
      tool_choice: { type: 'function', name: 'exec_command' },
    });
    expect(parsed.generation.tools).toEqual([
      {
        type: 'function',
        function: { name: 'exec_command', description: 'run', parameters: { type: 'object' } },
      },
    ]);
    expect(parsed.generation.tool_choice).toEqual({ type: 'function', function: { name: 'exec_command' } });
    expect(parsed.echo.tools).toHaveLength(1);
  });

  it('leaves tools and tool_choice out when no function tool remains', () => {
    const parsed = parse({ input: 'x', tools: [{ type: 'web_search' }], tool_choice: 'required' });
    expect(parsed.generation.tools).toBeUndefined();
    expect(parsed.generation.tool_choice).toBeUndefined();
  });

  it('maps text.format json_schema and json_object to a response_format', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(
      parse({ input: 'x', text: { format: { type: 'json_schema', name: 'out', schema, strict: true } } })
        .generation.response_format,
    ).toEqual({ type: 'json_schema', json_schema: { name: 'out', schema, strict: true } });
    expect(
      parse({ input: 'x', text: { format: { type: 'json_object' } } }).generation.response_format,
    ).toEqual({ type: 'json_object' });
    expect(parse({ input: 'x', text: { verbosity: 'low' } }).generation.response_format).toBeUndefined();
  });

  it('repeats back the text format as understood: text by default, a nameless schema named response', () => {
    expect(parse({ input: 'x' }).echo.text).toEqual({ format: { type: 'text' } });
    const schema = { type: 'object' };
    const nameless = parse({ input: 'x', text: { format: { type: 'json_schema', schema, extra: 1 } } });
    expect(nameless.echo.text).toEqual({ format: { type: 'json_schema', name: 'response', schema } });
  });

  it('reads the sampling fields and accepts the ones that change nothing here', () => {
    const parsed = parse({
      input: 'x',
      max_output_tokens: 64,
      temperature: 0.2,
      top_p: 0.9,
      store: false,
      include: ['reasoning.encrypted_content'],
      reasoning: { effort: 'medium', summary: 'auto' },
      prompt_cache_key: 'k',
      client_metadata: { a: 'b' },
      parallel_tool_calls: false,
      metadata: { x: '1' },
      user: 'u',
      service_tier: 'auto',
      truncation: 'auto',
      stream: true,
    });
    expect(parsed.generation).toMatchObject({ max_tokens: 64, temperature: 0.2, top_p: 0.9 });
    expect(parsed.store).toBe(false);
    expect(parsed.stream).toBe(true);
    expect(parsed.echo).toMatchObject({ parallel_tool_calls: false, metadata: { x: '1' }, store: false });
  });

  it.each([
    [
      { input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'x' }] }] },
      'input[0].content[0].type',
    ],
    [{ input: [{ type: 'input_file', file_id: 'f' }] }, 'input[0].type'],
    [{ input: [{ type: 'item_reference', id: 'x' }] }, 'input[0].type'],
    [{ input: [{ type: 'function_call_output', call_id: 5 }] }, 'input[0].output'],
    [{ input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, 'input[0].call_id'],
    [{ input: [{ role: 'robot', content: 'x' }] }, 'input[0].role'],
    [{ input: [] }, 'input'],
    [{ input: [{ type: 'reasoning' }] }, 'input'],
    [{ input: 'x', tools: [{ type: 'function', name: '' }] }, 'tools[0].name'],
    [{ input: 'x', tool_choice: { type: 'web_search' } }, 'tool_choice'],
    [{ input: 'x', text: { format: { type: 'json_schema' } } }, 'text.format.schema'],
    [{ input: 'x', background: true }, 'background'],
    [{ input: 'x', conversation: 'conv_1' }, 'conversation'],
    [{ input: 'x', prompt: { id: 'pmpt_1' } }, 'prompt'],
    [{ input: 'x', previous_response_id: 7 }, 'previous_response_id'],
    [{ input: 'x', max_output_tokens: 0 }, 'max_output_tokens'],
    [{ input: 'x', instructions: ['a'] }, 'instructions'],
  ])('refuses %j with a 400 naming %s', (body, param) => {
    const error = refusal(body);
    expect(error.status).toBe(400);
    expect(error.context['param']).toBe(param);
  });
});
