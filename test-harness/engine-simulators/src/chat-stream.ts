// WA-009, WA-013, WA-020: the OpenAI chat stream (/v1/chat/completions) every simulated chat
// engine serves over the shared engine core. Why: llama-server, vLLM and TGI agree on the
// chunk shape (choices[0].delta with content or tool_calls, finish_reason, a usage chunk,
// `[DONE]`) and differ in small, documented ways, which each front-end states as a dialect:
// the `data:` prefix (TGI writes no space), whether a role chunk opens the stream, whether
// finish_reason rides on the last token or on its own empty chunk (llama.cpp), how tool
// call ids look, and what a finish after tool calls is called (TGI says "stop").
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GenerationStep, SimEngine, StopType } from './engine-core.js';
import { plannedToolDeltas } from './chat-template.js';
import type { SimChatRequest, SimToolDelta } from './chat-template.js';
import { serveGeneration } from './generation-stream.js';
import { sendJson } from './http-kit.js';

type Json = Record<string, unknown>;

export interface ChatDialect {
  /** `data: ` (llama.cpp, vLLM) or `data:` (TGI). */
  prefix: string;
  /** Per request: wraps choices (plus extra fields such as usage) in the engine's chunk envelope. */
  framer(): (choices: Json[], extra?: Json) => Json;
  /** The delta of a role chunk sent before the first token, where the engine sends one. */
  opening?: Json;
  /** Fields repeated in every delta (TGI repeats the role). */
  deltaBase: Json;
  choice(delta: Json, finish: string | null): Json;
  /** 'own-chunk': finish_reason on an empty delta after the last token; 'last-token': on the last token or EOS. */
  finishOn: 'own-chunk' | 'last-token';
  /** One entry of delta.tool_calls; `id` is the call's id from `callId`. */
  toolCall(delta: SimToolDelta, id: string): Json;
  callId(index: number): string;
  finishName(stop: StopType, calledTools: boolean): string;
  /** Extra fields on the stream's last JSON chunk (llama.cpp's timings). */
  closing?(end: Extract<GenerationStep, { type: 'end' }>): Json;
  error(message: string): Json;
  doneAfterError: boolean;
  /** The engine closes the connection after a streamed reply (llama-server, WA-023). */
  hangUpAfterStream?: boolean;
}

export interface ChatServeOptions {
  engine: SimEngine;
  dialect: ChatDialect;
  chat: SimChatRequest;
  /** The rendered chat prompt the model continues. */
  prompt: string;
  stream: boolean;
  includeUsage: boolean;
  maxTokens: number;
  seed: number;
  sampler: Readonly<Record<string, number | undefined>>;
  promptTokens: number;
  sendError(res: ServerResponse, status: number, message: string): void;
}

export async function serveChat(req: IncomingMessage, res: ServerResponse, options: ChatServeOptions) {
  const { dialect, stream } = options;
  const deltas = plannedToolDeltas(options.engine.options.toolCalls, options.chat);
  const calledTools = deltas.length > 0;
  const ids = new Map<number, string>();
  const idOf = (index: number) => ids.get(index) ?? ids.set(index, dialect.callId(index)).get(index) ?? '';
  const frame = dialect.framer();
  const write = (data: Json | string) =>
    res.write(`${dialect.prefix}${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  const chunk = (delta: Json, finish: string | null, extra?: Json): Json =>
    frame([dialect.choice({ ...dialect.deltaBase, ...delta }, finish)], extra);
  let opened = dialect.opening === undefined;
  let text = '';
  const calls: Array<{ id: string; name: string; arguments: string }> = [];

  const onStep = (step: GenerationStep): 'done' | void => {
    if (stream && !opened && step.type !== 'error') {
      opened = true;
      write(chunk(dialect.opening ?? {}, null));
    }
    if (step.type === 'token') {
      const tool = calledTools ? deltas[step.index] : undefined;
      if (tool !== undefined) {
        if (tool.name !== undefined) calls.push({ id: idOf(tool.index), name: tool.name, arguments: '' });
        const last = calls.at(-1);
        if (last !== undefined) last.arguments += tool.arguments;
      } else {
        text += step.text;
      }
      if (!stream) return;
      const delta =
        tool === undefined
          ? { content: step.text }
          : { tool_calls: [dialect.toolCall(tool, idOf(tool.index))] };
      const finish =
        dialect.finishOn === 'last-token' && step.last ? dialect.finishName('limit', calledTools) : null;
      write(chunk(delta, finish));
    } else if (step.type === 'eos') {
      if (stream && dialect.finishOn === 'last-token') {
        write(chunk({ content: '' }, dialect.finishName('eos', calledTools)));
      }
    } else if (step.type === 'error') {
      if (!stream) {
        options.sendError(res, 500, step.message);
        return 'done';
      }
      write(dialect.error(step.message));
      if (dialect.doneAfterError) write('[DONE]');
    } else {
      const finish = dialect.finishName(step.stopType, calledTools);
      const usage = {
        prompt_tokens: options.promptTokens,
        completion_tokens: step.tokensOut,
        total_tokens: options.promptTokens + step.tokensOut,
      };
      if (!stream) {
        const message: Json = { role: 'assistant', content: calledTools ? null : text };
        if (calledTools) {
          message['tool_calls'] = calls.map((c) => ({
            id: c.id,
            type: 'function',
            function: { name: c.name, arguments: c.arguments },
          }));
        }
        const reply = frame([{ index: 0, message, finish_reason: finish }], { usage });
        sendJson(res, 200, { ...reply, object: 'chat.completion' });
        return 'done';
      }
      const closing = dialect.closing?.(step) ?? {};
      if (dialect.finishOn === 'own-chunk') write(chunk({}, finish, options.includeUsage ? {} : closing));
      if (options.includeUsage) write(frame([], { usage, ...closing }));
      write('[DONE]');
    }
  };

  await serveGeneration(req, res, {
    stream,
    ...(options.dialect.hangUpAfterStream === true && { hangUpAfterStream: true }),
    steps: (signal) =>
      options.engine.generate(
        {
          prompt: options.prompt,
          maxTokens: options.maxTokens,
          seed: options.seed,
          sampler: options.sampler,
          ...(calledTools ? { script: deltas.map((d) => d.name ?? d.arguments) } : {}),
        },
        signal,
      ),
    onStep,
  });
}
