// WA-004, WA-006, WA-009, WA-020: the chat, tools and infill part of THE conformance suite.
// What a target declares in capabilities.workloads decides which cases run: a chat engine
// must stream, reproduce and cancel chats like prompts, a tool-capable one must stream a
// call whose pieces assemble into valid JSON arguments, and anything not declared must be
// refused up front with INVALID_PARAMS naming the engines that do serve it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterError, ENGINE_FEATURES, enginesWith } from '../../src/index.js';
import type {
  ChatInput,
  CompletionEvent,
  CompletionRequest,
  SamplerParams,
  ToolCallDelta,
} from '../../src/index.js';
import { collect, deadline, signature, tokensOf } from './helpers.js';
import type { ConformanceEngine, ConformanceTarget, ConformanceToolCall } from './types.js';

export const CONFORMANCE_TOOL_CALL: ConformanceToolCall = {
  name: 'get_weather',
  arguments: { city: 'Paris' },
};

const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
} as const;

const CHAT: ChatInput = {
  messages: [
    { role: 'system', content: 'You answer briefly.' },
    { role: 'user', content: 'hello there' },
  ],
};

type ToolCallEvent = Extract<CompletionEvent, { type: 'tool_call' }>;

/** Assembles deltas the way a client does: id and name from the first piece, arguments concatenated. */
export function assembleToolCalls(events: readonly CompletionEvent[]) {
  const calls = new Map<number, { id?: string; name?: string; arguments: string }>();
  for (const { delta } of events.filter((e): e is ToolCallEvent => e.type === 'tool_call')) {
    const call = calls.get(delta.index) ?? { arguments: '' };
    mergeDelta(call, delta);
    calls.set(delta.index, call);
  }
  return [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
}

function mergeDelta(call: { id?: string; name?: string; arguments: string }, delta: ToolCallDelta): void {
  if (delta.id !== undefined) call.id ??= delta.id;
  if (delta.name !== undefined) call.name ??= delta.name;
  call.arguments += delta.arguments;
}

const failureOf = (stream: AsyncIterable<CompletionEvent>) =>
  collect(stream).then(
    () => undefined,
    (err: unknown) => err,
  );

export function defineChatCases(target: ConformanceTarget, sampler: SamplerParams): void {
  const { workloads, longMaxTokens } = target.capabilities;
  // What the adapter itself refuses: the engine kind's feature table, whatever the model.
  const kind = ENGINE_FEATURES[target.engine];
  const startTimeout = target.capabilities.startTimeoutMs ?? 30_000;
  const chat = (overrides: Partial<CompletionRequest> = {}): CompletionRequest => ({
    prompt: '',
    chat: CHAT,
    max_tokens: 16,
    seed: 3,
    sampler,
    ...overrides,
  });

  describe(`${target.name} conformance: chat, tools and infill`, () => {
    it('declares only workloads its engine kind serves [WA-020]', () => {
      for (const feature of ['chat', 'tools', 'infill'] as const) {
        if (workloads[feature]) expect(kind[feature]).toBe(true);
      }
      if (workloads.tools) expect(workloads.chat).toBe(true);
    });

    let engine: ConformanceEngine;
    beforeAll(async () => {
      engine = await target.start({ model: 'seeded', toolCall: CONFORMANCE_TOOL_CALL });
    }, startTimeout);
    afterAll(async () => {
      await engine?.stop();
    }, startTimeout);

    it.runIf(workloads.chat)(
      'streams a chat reply through the one streaming loop: tokens from 0, then exactly one end [WA-004, WA-021]',
      async () => {
        const events = await collect(engine.adapter.complete(chat()));
        const tokens = tokensOf(events);
        expect(tokens.length).toBeGreaterThan(0);
        tokens.forEach((token, index) => expect(token.i).toBe(index));
        expect(events.filter((e) => e.type !== 'token').map((e) => e.type)).toEqual(['end']);
        const end = events.at(-1);
        expect(end?.type === 'end' && end.stats.tokens_out).toBe(tokens.length);
        expect(end?.type === 'end' && ['eos', 'limit'].includes(end.stats.stop_reason)).toBe(true);
      },
    );

    it.runIf(workloads.chat)('gives an identical chat stream for the same seed [WA-006]', async () => {
      const first = await collect(engine.adapter.complete(chat({ seed: 77 })));
      const second = await collect(engine.adapter.complete(chat({ seed: 77 })));
      expect(signature(second)).toBe(signature(first));
    });

    it.runIf(workloads.chat)('counts a chat prompt as the chat stream reports it [WA-003]', async () => {
      const count = await engine.adapter.countChatTokens?.(CHAT);
      if (count === undefined) return;
      expect(count).toBeGreaterThan(0);
      const end = (await collect(engine.adapter.complete(chat({ max_tokens: 2 })))).at(-1);
      if (end?.type === 'end' && end.stats.tokens_in !== null) expect(end.stats.tokens_in).toBe(count);
    });

    it.runIf(workloads.chat)(
      'cancels mid-chat: rejects with the reason and the engine stops [WA-009]',
      async () => {
        const controller = new AbortController();
        const reason = new Error('user cancel mid-chat');
        const stream = engine.adapter.complete(
          chat({ max_tokens: longMaxTokens, seed: 5, signal: controller.signal }),
        );
        const iterator = stream[Symbol.asyncIterator]();
        for (let seen = 0; seen < 2; seen += 1) {
          const step = await iterator.next();
          if (step.done === true || step.value.type !== 'token')
            throw new Error('chat ended before 2 tokens');
        }
        controller.abort(reason);
        await expect(iterator.next()).rejects.toBe(reason);
        const { isIdle } = engine;
        if (isIdle !== undefined) {
          await deadline(3_000, 'engine still busy 3 s after the cancel', () => isIdle.call(engine));
        }
        if (engine.generatedTokensTotal !== undefined) {
          const settled = await engine.generatedTokensTotal();
          await new Promise((resolve) => setTimeout(resolve, 400));
          expect(await engine.generatedTokensTotal()).toBe(settled);
        }
      },
    );

    it.runIf(workloads.tools)(
      'streams a tool call whose pieces assemble into JSON arguments [WA-020, WA-021]',
      async () => {
        const events = await collect(
          engine.adapter.complete(
            chat({ chat: { ...CHAT, tools: [WEATHER_TOOL], tool_choice: 'auto' }, max_tokens: 64 }),
          ),
        );
        const calls = assembleToolCalls(events);
        expect(calls).toHaveLength(1);
        expect(calls[0]?.name).toBe(CONFORMANCE_TOOL_CALL.name);
        expect(calls[0]?.id).toBeTruthy();
        expect(JSON.parse(calls[0]?.arguments ?? '')).toEqual(CONFORMANCE_TOOL_CALL.arguments);
        const end = events.at(-1);
        expect(end).toMatchObject({
          type: 'end',
          stats: { stop_reason: 'tool_calls', tokens_out: tokensOf(events).length },
        });
      },
    );

    it.runIf(workloads.infill)(
      'fills in the middle: tokens, then exactly one end [WA-020, WA-022]',
      async () => {
        const events = await collect(
          engine.adapter.complete({
            prompt: 'def add(a, b):\n    return',
            infill: { suffix: '\n' },
            max_tokens: 8,
            seed: 1,
            sampler,
          }),
        );
        expect(tokensOf(events).length).toBeGreaterThan(0);
        expect(events.filter((e) => e.type === 'end')).toHaveLength(1);
      },
    );

    it.runIf(!kind.chat)(
      'refuses chat with INVALID_PARAMS naming the engines that serve it [WA-020]',
      async () => {
        const failure = await failureOf(engine.adapter.complete(chat()));
        expect(failure).toBeInstanceOf(AdapterError);
        expect((failure as AdapterError).code).toBe('INVALID_PARAMS');
        for (const name of enginesWith('chat')) expect((failure as Error).message).toContain(name);
      },
    );

    it.runIf(!kind.infill)(
      'refuses infill with INVALID_PARAMS naming the engines that serve it [WA-020]',
      async () => {
        const failure = await failureOf(
          engine.adapter.complete({
            prompt: 'def f(',
            infill: { suffix: ')' },
            max_tokens: 4,
            seed: 1,
            sampler,
          }),
        );
        expect((failure as AdapterError).code).toBe('INVALID_PARAMS');
        for (const name of enginesWith('infill')) expect((failure as Error).message).toContain(name);
      },
    );
  });
}
