// orchestratord's OpenAI-compatible chat routes, faked on the fake server's
// real socket: GET /v1/models in OpenAI's list shape, and POST
// /v1/chat/completions streaming `chat.completion.chunk` frames that end with
// `data: [DONE]`, the task named in X-Llorch-Task-Id. Errors use OpenAI's
// envelope `{error: {message, type, code}}`.
import type { ServerResponse } from 'node:http';
import { json, type FakeServer, type RecordedRequest } from './fake-orchestratord.js';

export const CHAT_TASK_ID = '7d1e9c4a-2b6f-4e8d-a3c5-9f0b1d2e4a66';

export interface ToolCallPiece {
  index: number;
  id?: string;
  name?: string;
  arguments?: string;
}

export function chunk(delta: Record<string, unknown>, finish: string | null = null): Record<string, unknown> {
  return {
    id: 'chatcmpl-fake-1',
    object: 'chat.completion.chunk',
    created: 1_764_000_000,
    model: 'tiny-bigram',
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

export function dataFrame(value: unknown): string {
  return `data: ${value === '[DONE]' ? value : JSON.stringify(value)}\n\n`;
}

export interface ReplyOptions {
  toolCalls?: readonly ToolCallPiece[];
  finish?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

/** A complete streamed reply: the role, one frame per piece, tool calls, the finish, usage, [DONE]. */
export function replyFrames(pieces: readonly string[], options: ReplyOptions = {}): string {
  const frames: unknown[] = [chunk({ role: 'assistant', content: '' })];
  for (const piece of pieces) frames.push(chunk({ content: piece }));
  for (const call of options.toolCalls ?? []) {
    frames.push(
      chunk({
        tool_calls: [
          {
            index: call.index,
            ...(call.id === undefined ? {} : { id: call.id, type: 'function' }),
            function: {
              ...(call.name === undefined ? {} : { name: call.name }),
              arguments: call.arguments ?? '',
            },
          },
        ],
      }),
    );
  }
  frames.push(chunk({}, options.finish ?? (options.toolCalls === undefined ? 'stop' : 'tool_calls')));
  if (options.usage !== undefined) frames.push({ ...chunk({}), choices: [], usage: options.usage });
  frames.push('[DONE]');
  return frames.map(dataFrame).join('');
}

export function openChatStream(res: ServerResponse, taskId = CHAT_TASK_ID): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-llorch-task-id': taskId,
    'x-correlation-id': 'corr-chat-1',
  });
  res.flushHeaders();
}

export function openAiError(
  res: ServerResponse,
  status: number,
  error: { message: string; type: string; code: string | null },
  headers: Record<string, string> = {},
): void {
  json(res, status, { error }, headers);
}

export interface ChatRoutes {
  /** The chat requests received so far, oldest first. */
  chats(): RecordedRequest[];
}

/** /v1/models lists `models`; each chat is answered by `reply` with the pieces of its text. */
export function serveChat(
  server: FakeServer,
  options: { models?: readonly string[]; reply?: (request: RecordedRequest) => readonly string[] } = {},
): ChatRoutes {
  const models = options.models ?? ['tiny-bigram', 'tiny-random'];
  server.route('GET', '/v1/models', (_r, res) =>
    json(res, 200, {
      object: 'list',
      data: models.map((id) => ({ id, object: 'model', created: 1_764_000_000, owned_by: 'llama-orch' })),
    }),
  );
  server.route('POST', '/v1/chat/completions', (request, res) => {
    openChatStream(res);
    res.end(replyFrames(options.reply?.(request) ?? [' the', ' quick', ' brown', ' fox']));
  });
  return {
    chats: () => server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions'),
  };
}
