// WA-014, WA-020: the mock serves chat and infill through its one deterministic "model",
// makes tool calls only from configuration (honouring tool_choice), and refuses what its
// feature entry says it cannot serve (json output) like every adapter does.
import { describe, expect, it } from 'vitest';
import { createMockAdapter, enginesWith, resolveSamplerProfile } from '../src/index.js';
import type { ChatInput, CompletionRequest } from '../src/index.js';
import { assembleToolCalls } from './conformance/suite.js';
import { collect, signature, tokensOf } from './conformance/helpers.js';

const TOOLS: ChatInput['tools'] = [
  { type: 'function', function: { name: 'get_weather' } },
  { type: 'function', function: { name: 'get_time' } },
];
const chat = (extra: Partial<ChatInput> = {}): ChatInput => ({
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});
const req = (overrides: Partial<CompletionRequest> = {}): CompletionRequest => ({
  prompt: '',
  chat: chat(),
  max_tokens: 16,
  seed: 1,
  sampler: resolveSamplerProfile('default-v1')!,
  ...overrides,
});
const calls = [
  { name: 'get_weather', arguments: { city: 'Paris' } },
  { name: 'get_time', arguments: '{"tz":"UTC"}' },
];

describe('mock adapter chat, infill and tools', () => {
  it('answers a chat as a pure function of its messages, and counts the rendered prompt [WA-014]', async () => {
    const mock = createMockAdapter({ seed: 3 });
    const one = await collect(mock.complete(req()));
    expect(signature(await collect(mock.complete(req())))).toBe(signature(one));
    const other = chat({ messages: [{ role: 'user', content: 'bye' }] });
    expect(signature(await collect(mock.complete(req({ chat: other }))))).not.toBe(signature(one));
    const end = one.at(-1);
    expect(end?.type === 'end' && end.stats.tokens_in).toBe(await mock.countChatTokens!(chat()));
  });

  it('makes the configured calls the request offers, arguments in pieces, then stops for them [WA-014]', async () => {
    const mock = createMockAdapter({ toolCalls: calls });
    const events = await collect(mock.complete(req({ chat: chat({ tools: TOOLS }) })));
    expect(tokensOf(events)).toHaveLength(0);
    expect(events.filter((e) => e.type === 'tool_call').length).toBeGreaterThan(4);
    const made = assembleToolCalls(events);
    expect(made.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([
      ['get_weather', { city: 'Paris' }],
      ['get_time', { tz: 'UTC' }],
    ]);
    expect(new Set(made.map((c) => c.id)).size).toBe(2);
    expect(events.at(-1)).toMatchObject({ type: 'end', stats: { stop_reason: 'tool_calls', tokens_out: 0 } });
    expect(mock.stats().generatedTokensTotal).toBe(events.length - 1);
  });

  it('honours tool_choice: none talks, a named function is the only call [WA-014]', async () => {
    const mock = createMockAdapter({ toolCalls: calls });
    const none = await collect(mock.complete(req({ chat: chat({ tools: TOOLS, tool_choice: 'none' }) })));
    expect(assembleToolCalls(none)).toEqual([]);
    expect(tokensOf(none).length).toBeGreaterThan(0);
    const named = chat({ tools: TOOLS, tool_choice: { type: 'function', function: { name: 'get_time' } } });
    expect(assembleToolCalls(await collect(mock.complete(req({ chat: named })))).map((c) => c.name)).toEqual([
      'get_time',
    ]);
    const unoffered = await collect(mock.complete(req({ chat: chat({ tools: [TOOLS[0]!] }) })));
    expect(assembleToolCalls(unoffered).map((c) => c.name)).toEqual(['get_weather']);
  });

  it('stops a call at max_tokens with a limit stop [WA-004, WA-014]', async () => {
    const mock = createMockAdapter({ toolCalls: calls });
    const events = await collect(mock.complete(req({ chat: chat({ tools: TOOLS }), max_tokens: 2 })));
    expect(events.filter((e) => e.type === 'tool_call')).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ stats: { stop_reason: 'limit' } });
  });

  it('fills in the middle from prefix and suffix [WA-014]', async () => {
    const mock = createMockAdapter();
    const infill = (suffix: string) =>
      collect(mock.complete(req({ chat: undefined, prompt: 'def f(', infill: { suffix } })));
    expect(signature(await infill(')'))).not.toBe(signature(await infill('):')));
  });

  it('refuses json output and chat-plus-infill with INVALID_PARAMS [WA-020]', async () => {
    const mock = createMockAdapter();
    const json = chat({ response_format: { type: 'json_object' } });
    const failure = await collect(mock.complete(req({ chat: json }))).catch((err: unknown) => err);
    expect(failure).toMatchObject({ code: 'INVALID_PARAMS' });
    for (const name of enginesWith('json_output')) expect((failure as Error).message).toContain(name);
    await expect(collect(mock.complete(req({ infill: { suffix: ')' } })))).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
    });
  });
});
