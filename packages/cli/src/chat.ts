// CLI-013, CLI-014, CLI-016, CLI-017: `llorch chat`, a client of the
// OpenAI-compatible /v1/chat/completions (the route agents use). One message
// (argument or stdin) gets one streamed reply. With no message on a terminal,
// or with --interactive, it is a conversation: the whole history goes with
// every turn under one X-Llorch-Session; Ctrl-C stops the reply in flight
// (closing its connection cancels the task) and returns to the prompt.
import { randomUUID } from 'node:crypto';
import { retryPolicy } from './backpressure.js';
import {
  buildChatRequest,
  chatHeaders,
  openingMessages,
  readChatMessage,
  resolveChatModel,
} from './chat-request.js';
import type { ChatOptions } from './chat-request.js';
import { replyRenderer } from './chat-render.js';
import { sendTurn } from './chat-turn.js';
import type { CommandContext } from './context.js';
import { CliError, EXIT, formatCliError, usageError, type ExitStatus } from './errors.js';
import { untilAborted, watchInterrupts } from './interrupts.js';
import type { ChatMessage } from './openai-wire.js';
import { openPromptLines } from './prompt-lines.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';

const PROMPT = '> ';

interface Turn {
  options: ChatOptions;
  model: string;
  session: string | undefined;
  history: readonly ChatMessage[];
  message: string;
  policy: RetryPolicy;
}

/** Sends one turn; on success returns the history with the exchange appended. */
async function exchange(ctx: CommandContext, turn: Turn, signal: AbortSignal, conversation: boolean) {
  const render = replyRenderer(ctx, conversation);
  const messages: ChatMessage[] = [...turn.history, { role: 'user', content: turn.message }];
  try {
    const result = await sendTurn(
      ctx,
      {
        body: buildChatRequest(turn.options, turn.model, messages),
        headers: chatHeaders(turn.options, turn.session),
        policy: turn.policy,
        signal,
      },
      render.sink,
    );
    render.finish(result);
    return [...messages, { role: 'assistant', content: result.text } satisfies ChatMessage];
  } catch (error) {
    render.finish(undefined);
    throw error;
  }
}

async function runOnce(ctx: CommandContext, argument: string | undefined, options: ChatOptions) {
  const interrupts = watchInterrupts(ctx.io, () => undefined);
  try {
    // Reading stdin cannot be aborted, so Ctrl-C must not wait for it.
    const message = await untilAborted(readChatMessage(ctx, argument), interrupts.soft);
    const model = await resolveChatModel(ctx, options, interrupts.soft);
    const policy = retryPolicy(ctx, DEFAULT_RETRY_POLICY);
    const history = openingMessages(options);
    await exchange(
      ctx,
      { options, model, session: options.session, history, message, policy },
      interrupts.soft,
      false,
    );
    return EXIT.ok;
  } catch (error) {
    if (!interrupts.interrupted) throw error;
    ctx.out.note('interrupted; the reply was stopped (closing its connection cancels the task)');
    return EXIT.interrupted;
  } finally {
    interrupts.dispose();
  }
}

/** One turn of a conversation: failures are reported and the conversation goes on. */
async function converse(
  ctx: CommandContext,
  turn: Turn,
): Promise<{ history?: ChatMessage[]; status: ExitStatus }> {
  const interrupts = watchInterrupts(ctx.io, () => undefined);
  try {
    return { history: await exchange(ctx, turn, interrupts.soft, true), status: EXIT.ok };
  } catch (error) {
    if (interrupts.interrupted) {
      ctx.out.note('reply stopped; that turn is left out of the conversation');
      return { status: EXIT.interrupted };
    }
    if (!(error instanceof CliError)) throw error;
    ctx.out.note(formatCliError(error).trimEnd());
    return { status: error.exitStatus };
  } finally {
    interrupts.dispose();
  }
}

async function runConversation(ctx: CommandContext, argument: string | undefined, options: ChatOptions) {
  if (argument === '-') {
    throw usageError(
      '`-` reads one message from stdin, which a conversation reads line by line',
      'drop `-` or --interactive',
    );
  }
  const interrupts = watchInterrupts(ctx.io, () => undefined);
  let model: string;
  try {
    model = await resolveChatModel(ctx, options, interrupts.soft);
  } catch (error) {
    if (interrupts.interrupted) return EXIT.interrupted;
    throw error;
  } finally {
    interrupts.dispose();
  }
  const session = options.session ?? randomUUID();
  const policy = retryPolicy(ctx, DEFAULT_RETRY_POLICY);
  let history = openingMessages(options);
  // 0 when every turn succeeded, else the status of the last failed one; a stopped reply is no failure.
  let status: ExitStatus = EXIT.ok;
  ctx.out.note(`chat with ${model}, session ${session}: /exit or Ctrl-D ends it, Ctrl-C stops a reply`);
  const lines = openPromptLines(ctx.io, PROMPT);
  try {
    let pending = argument;
    for (;;) {
      const input = pending === undefined ? await lines.read() : { type: 'line' as const, text: pending };
      pending = undefined;
      if (input.type === 'eof') return status;
      if (input.type === 'interrupt') return EXIT.interrupted;
      const command = input.text.trim();
      if (command === '') continue;
      if (command === '/exit') return status;
      lines.hold();
      const turn = await converse(ctx, { options, model, session, history, message: input.text, policy });
      if (turn.history !== undefined) history = turn.history;
      else if (turn.status !== EXIT.interrupted) status = turn.status;
    }
  } finally {
    lines.close();
  }
}

export function runChat(
  ctx: CommandContext,
  argument: string | undefined,
  options: ChatOptions,
): Promise<ExitStatus> {
  if (options.session?.trim() === '') {
    throw usageError('--session must not be empty', 'name the conversation, or omit --session');
  }
  const conversation =
    options.interactive === true || (argument === undefined && ctx.io.stdin.isTTY === true);
  return conversation ? runConversation(ctx, argument, options) : runOnce(ctx, argument, options);
}
