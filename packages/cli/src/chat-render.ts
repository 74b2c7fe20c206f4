// CLI-013, CLI-015: how a chat reply looks. The assistant's text goes to
// stdout as it arrives and nothing else does; tool calls, the task id and the
// summary go to stderr. With --json stdout gets each chunk's JSON instead.
import type { TurnResult, TurnSink } from './chat-turn.js';
import type { CommandContext } from './context.js';
import { describeToolCall, TASK_ID_HEADER } from './openai-wire.js';
import { needsFinalNewline } from './render.js';

export interface ReplyRenderer {
  readonly sink: TurnSink;
  /** After the reply, complete (with its result) or not: end the line, show tool calls and the summary. */
  finish(result: TurnResult | undefined): void;
}

/** `conversation`: every reply ends its line, so the next turn starts on a fresh one. */
export function replyRenderer(ctx: CommandContext, conversation: boolean): ReplyRenderer {
  let lastText = '';
  return {
    sink: {
      opened(response) {
        if (ctx.verbose)
          ctx.out.note(`task ${response.headers.get(TASK_ID_HEADER) ?? '(not named by the server)'}`);
      },
      frame(raw, events) {
        if (ctx.json) return raw === undefined ? undefined : ctx.out.json(raw);
        for (const event of events) {
          if (event.type !== 'text') continue;
          if (event.text !== '') lastText = event.text;
          ctx.out.raw(event.text);
        }
      },
    },
    finish(result) {
      // CLI-015: a terminal gets a tidy last line; a pipe gets exactly the text (one-shot).
      if (needsFinalNewline({ streamed: lastText, terminal: conversation || ctx.out.stdoutIsTTY }))
        ctx.out.raw('\n');
      lastText = '';
      if (result === undefined) return;
      if (!ctx.json) for (const call of result.toolCalls) ctx.out.note(describeToolCall(call));
      if (ctx.verbose) {
        const usage =
          result.usage === undefined
            ? ''
            : `, ${result.usage.prompt_tokens} prompt + ${result.usage.completion_tokens} completion tokens`;
        ctx.out.note(
          `done: finish reason ${result.finishReason ?? '(none)'}${usage} (task ${result.taskId ?? 'unnamed'})`,
        );
      }
    },
  };
}
