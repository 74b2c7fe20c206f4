// CLI-009, CLI-013, CLI-014: one turn of `llorch chat`. POST the history with
// `stream: true`, retry a full queue the way `submit` does, then hand each
// decoded frame to the caller as it arrives. Aborting the signal closes the
// connection, which is what cancels the task on the server.
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { CORRELATION_HEADER, isAbort, networkErrno, networkError } from './api.js';
import { retryOnBackpressure, type Attempt } from './backpressure.js';
import { chatHttpError, streamCutError, streamFaultError } from './chat-errors.js';
import type { CommandContext } from './context.js';
import { CliError } from './errors.js';
import type { ChatHeaders } from './chat-request.js';
import {
  collectToolCalls,
  decodeChatData,
  TASK_ID_HEADER,
  type ChatCompletionRequest,
  type ChatStreamEvent,
  type ChatUsage,
  type ToolCall,
  type ToolCallDelta,
} from './openai-wire.js';
import { serverWaitMs, type RetryPolicy } from './retry.js';

export interface TurnRequest {
  body: ChatCompletionRequest;
  headers: ChatHeaders;
  policy: RetryPolicy;
  signal: AbortSignal;
}

export interface TurnSink {
  /** The answer's headers arrived (task id, correlation id). */
  opened(response: Response): void;
  /** One frame as it arrives: its JSON as sent (undefined for `[DONE]`) and what it means. */
  frame(raw: unknown, events: readonly ChatStreamEvent[]): void;
}

export interface TurnResult {
  text: string;
  toolCalls: ToolCall[];
  finishReason: string | undefined;
  usage: ChatUsage | undefined;
  taskId: string | undefined;
}

interface Opened {
  stream: ReadableStream<Uint8Array>;
  response: Response;
}

async function postOnce(ctx: CommandContext, request: TurnRequest): Promise<Attempt<Opened>> {
  let result;
  try {
    result = await ctx.api.compat.POST('/v1/chat/completions', {
      body: request.body,
      params: { header: request.headers },
      headers: { accept: 'text/event-stream' },
      parseAs: 'stream',
      signal: request.signal,
    });
  } catch (error) {
    // No retry after a broken connection: the server may already be running this turn.
    if (isAbort(error) || networkErrno(error) === undefined) throw error;
    throw networkError(ctx.api, error);
  }
  const { response } = result;
  if (response.ok && result.data !== undefined && result.data !== null) {
    return { type: 'accepted', value: { stream: result.data, response } };
  }
  const waitMs = serverWaitMs(response.headers, undefined);
  return {
    type: 'refused',
    refusal: {
      error: chatHttpError(response, result.error, ctx.api),
      status: response.status,
      // CLI-009: 429 always; a 503 only when the server names a wait (a pool still loading).
      retriable: response.status === 429 || (response.status === 503 && waitMs !== undefined),
      waitMs,
    },
  };
}

export async function sendTurn(
  ctx: CommandContext,
  request: TurnRequest,
  sink: TurnSink,
): Promise<TurnResult> {
  const { stream, response } = await retryOnBackpressure(ctx, () => postOnce(ctx, request), {
    policy: request.policy,
    signal: request.signal,
    giveUpHint: 'the queue stayed full; retry later, or chat with --priority batch',
  });
  const taskId = response.headers.get(TASK_ID_HEADER) ?? undefined;
  const where = {
    taskId,
    correlationId: response.headers.get(CORRELATION_HEADER) ?? ctx.api.correlationId,
  };
  sink.opened(response);
  let text = '';
  const deltas: ToolCallDelta[] = [];
  let finishReason: string | undefined;
  let usage: ChatUsage | undefined;
  let done = false;
  const frames = stream.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
  try {
    for await (const message of frames) {
      // Frames that are not chat chunks (comments, keep-alives, other events) are skipped.
      const decoded = decodeChatData(message.data);
      if (decoded === undefined) continue;
      for (const event of decoded.events) {
        if (event.type === 'error') throw streamFaultError(event.fault, where);
        if (event.type === 'text') text += event.text;
        if (event.type === 'tool-call') deltas.push(event.delta);
        if (event.type === 'finish') finishReason = event.reason;
        if (event.type === 'usage') usage = event.usage;
        if (event.type === 'done') done = true;
      }
      sink.frame(decoded.raw, decoded.events);
      if (done) break;
    }
  } catch (error) {
    if (request.signal.aborted || isAbort(error) || error instanceof CliError) throw error;
    throw streamCutError(where, error);
  }
  if (!done && finishReason === undefined) throw streamCutError(where);
  return { text, toolCalls: collectToolCalls(deltas), finishReason, usage, taskId };
}
