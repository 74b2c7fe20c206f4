// ORCHD-068: POST /v1/completions, the legacy text completion agents use for
// autocomplete: `prompt` plus an optional `suffix` is fill-in-the-middle, sent
// to the engine's infill (llama.cpp); engines without one refuse with a 400
// that names the engines that have it.
import type {
  OpenAiCompletion,
  OpenAiCompletionChunk,
  OpenAiCompletionRequest,
  OpenAiError,
  OpenAiUsage,
} from '@llama-orch/contracts';
import type { EndFrame, StreamEvent } from '../streaming/stream-events.js';
import type { Generation, StartedTask } from './compat-task.js';
import { usageFigures } from './openai-chat.js';
import {
  badField,
  bodyOf,
  includeUsageOf,
  optionalInteger,
  refuseUnsupported,
  stopOf,
  type RefusedOpenAiFields,
  type Unchecked,
  samplingOf,
} from './openai-fields.js';
import { openAiErrorBody } from './protocol-errors.js';
import { errorOf, usageOf, type TaskResult } from './task-result.js';
import type { StreamEncoder } from './task-relay.js';

/** OpenAI's documented default for this endpoint. */
const DEFAULT_MAX_TOKENS = 16;

type CompletionBody = Unchecked<OpenAiCompletionRequest & RefusedOpenAiFields>;
type FinishReason = OpenAiCompletion['choices'][number]['finish_reason'];

function promptOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  if (Array.isArray(value) && value.length > 1) {
    throw badField('prompt', 'one string (batches of prompts are not served; send one request per prompt)');
  }
  throw badField('prompt', 'a string (token-id prompts are not served)');
}

export function parseCompletionRequest(raw: unknown): {
  generation: Generation;
  options: { stream: boolean; includeUsage: boolean };
} {
  const body: CompletionBody = bodyOf(raw);
  refuseUnsupported(body);
  const generation: Generation = {
    model: body.model,
    workload: 'completion',
    prompt: promptOf(body.prompt),
    max_tokens: optionalInteger(body, 'max_tokens', 1) ?? DEFAULT_MAX_TOKENS,
  };
  if (body.suffix !== undefined && body.suffix !== null) {
    if (typeof body.suffix !== 'string') throw badField('suffix', 'a string');
    generation.suffix = body.suffix;
  }
  const stop = stopOf(body.stop);
  if (stop !== undefined) generation.stop = stop;
  Object.assign(generation, samplingOf(body));
  return {
    generation,
    options: { stream: body.stream === true, includeUsage: includeUsageOf(body.stream_options) },
  };
}

/** A text completion calls no tools: it stopped, or the limit cut it. */
const finishOf = (stop: EndFrame['stop_reason']): FinishReason => (stop === 'limit' ? 'length' : 'stop');

const completionId = (task: StartedTask): string => `cmpl-${task.taskId}`;

export function textCompletion(task: StartedTask, result: TaskResult): OpenAiCompletion {
  return {
    id: completionId(task),
    object: 'text_completion',
    created: task.created,
    model: task.model,
    choices: [{ text: result.text, index: 0, logprobs: null, finish_reason: finishOf(result.stopReason) }],
    usage: usageFigures(result.promptTokens, result.completionTokens),
  };
}

type ChunkChoice = OpenAiCompletionChunk['choices'][number];

const data = (value: OpenAiCompletionChunk | OpenAiError): string => `data: ${JSON.stringify(value)}\n\n`;

export function completionChunkEncoder(task: StartedTask, options: { includeUsage: boolean }): StreamEncoder {
  // With include_usage every chunk but the usage one carries `usage: null`.
  const chunk = (choices: ChunkChoice[], usage: OpenAiUsage | null = null): string =>
    data({
      id: completionId(task),
      object: 'text_completion',
      created: task.created,
      model: task.model,
      choices,
      ...(options.includeUsage ? { usage } : {}),
    });
  const choice = (text: string, finish: FinishReason | null): ChunkChoice => ({
    text,
    index: 0,
    logprobs: null,
    finish_reason: finish,
  });
  return {
    keepAlive: ': keep-alive\n\n',
    open: () => '',
    encode(event: StreamEvent): string {
      if (event.type === 'token') return chunk([choice(event.data.t, null)]);
      if (event.type === 'error') return data(openAiErrorBody(errorOf(event.data)));
      if (event.type !== 'end' || event.data.canceled === true) return '';
      let text = chunk([choice('', finishOf(event.data.stop_reason))]);
      if (options.includeUsage) {
        const usage = usageOf(event.data, task.promptTokens);
        text += chunk([], usageFigures(usage.prompt, usage.completion));
      }
      return `${text}data: [DONE]\n\n`;
    },
  };
}
