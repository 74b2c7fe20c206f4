// DET-010, DET-011: our own tiny llama-architecture models, so real
// engines can run in CI with no download. `bigram` always says BIGRAM_SENTENCE
// and stops with EOS (golden text, EOS handling); `random` babbles seed-dependent
// text and practically never stops before max tokens (determinism, long streams);
// `tool` always answers with one get_weather call in the template's tool-call
// format, which llama-server's chat endpoint returns as `tool_calls`.
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { encodeGguf } from './gguf-writer.js';
import type { GgufDocument } from './gguf-writer.js';
import { createPrng } from './prng.js';
import { TOOL_REPLY_PIECES } from './tiny-chat-template.js';
import { CHATML_TEMPLATE, FIM_TOKENS, SPECIAL_TOKENS, TOKEN_TYPE, buildTinyVocab } from './tiny-vocab.js';
import { TINY_MODEL_SHAPE, bigramHead, blockTensors, randomHead } from './tiny-weights.js';
import type { TinyModelShape } from './tiny-weights.js';

export type TinyModelKind = 'bigram' | 'random' | 'tool';

/** What the bigram model emits (then EOS) after any prompt; after "the" it continues from " quick". */
export const BIGRAM_SENTENCE = ' the quick brown fox jumps over a lazy dog.';

const BIGRAM_PIECES = [' the', ' quick', ' brown', ' fox', ' jumps', ' over', ' a', ' lazy', ' dog', '.'];

/** The token chain (before EOS) each rigged kind emits; `random` has none. */
const CHAINS: Record<TinyModelKind, readonly string[] | undefined> = {
  bigram: BIGRAM_PIECES,
  tool: TOOL_REPLY_PIECES,
  random: undefined,
};

/**
 * Other spellings that continue a chain like the piece they name. The vocab adds
 * no space prefix (see below), so a prompt that is just "the" ends in the bare
 * piece, and still goes on with " quick".
 */
const ALIASES: Partial<Record<TinyModelKind, Record<string, string>>> = { bigram: { the: ' the' } };

export interface TinyModelOptions {
  kind: TinyModelKind;
  seed: number;
  /** Overrides for bigger test models; the defaults are the 130k-parameter shape. */
  shape?: Partial<TinyModelShape>;
}

export function tinyModelDocument(options: TinyModelOptions): GgufDocument {
  const shape: TinyModelShape = { ...TINY_MODEL_SHAPE, ...options.shape };
  if (shape.nEmbd % shape.nHead !== 0 || shape.nHead % shape.nHeadKv !== 0) {
    throw new RangeError('n_embd must divide by n_head, and n_head by n_head_kv');
  }
  const vocab = buildTinyVocab();
  const nVocab = vocab.tokens.length;
  const rng = createPrng(options.seed);
  const chain = CHAINS[options.kind];
  const controls = vocab.types.flatMap((type, id) => (type === TOKEN_TYPE.control ? [id] : []));
  const aliases = new Map(
    Object.entries(ALIASES[options.kind] ?? {}).map(([alias, piece]) => [
      vocab.idOf(alias),
      vocab.idOf(piece),
    ]),
  );
  const head = chain
    ? bigramHead(shape, nVocab, [...chain.map(vocab.idOf), SPECIAL_TOKENS.eos], aliases)
    : randomHead(shape, nVocab, rng, controls);
  const blocks = blockTensors(shape, rng, chain ? 'none' : 'all-but-last');
  const u32 = (value: number) => ({ type: 'u32', value }) as const;
  return {
    metadata: [
      ['general.architecture', { type: 'string', value: 'llama' }],
      ['general.name', { type: 'string', value: `llama-orch tiny-${options.kind} seed ${options.seed}` }],
      ['general.file_type', u32(0)],
      ['general.alignment', u32(32)],
      ['llama.context_length', u32(shape.contextLength)],
      ['llama.embedding_length', u32(shape.nEmbd)],
      ['llama.block_count', u32(shape.nLayer)],
      ['llama.feed_forward_length', u32(shape.nFf)],
      ['llama.attention.head_count', u32(shape.nHead)],
      ['llama.attention.head_count_kv', u32(shape.nHeadKv)],
      // llama.cpp rejects a llama model whose rotary dims differ from the head size.
      ['llama.rope.dimension_count', u32(shape.nEmbd / shape.nHead)],
      ['llama.rope.freq_base', { type: 'f32', value: shape.ropeFreqBase }],
      ['llama.attention.layer_norm_rms_epsilon', { type: 'f32', value: shape.rmsEps }],
      ['llama.vocab_size', u32(nVocab)],
      ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
      ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', values: vocab.tokens }],
      ['tokenizer.ggml.scores', { type: 'array', itemType: 'f32', values: vocab.scores }],
      ['tokenizer.ggml.token_type', { type: 'array', itemType: 'i32', values: vocab.types }],
      ['tokenizer.ggml.bos_token_id', u32(SPECIAL_TOKENS.bos)],
      ['tokenizer.ggml.eos_token_id', u32(SPECIAL_TOKENS.eos)],
      ['tokenizer.ggml.unknown_token_id', u32(SPECIAL_TOKENS.unk)],
      ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
      ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
      // No space before the text after a special token: the prompt reads exactly as
      // the template renders it, which llama-server's grammar prefill relies on
      // (response_format and tool_choice "required" fail otherwise).
      ['tokenizer.ggml.add_space_prefix', { type: 'bool', value: false }],
      // llama-server's /infill refuses a model without all three.
      ['tokenizer.ggml.fim_pre_token_id', u32(vocab.idOf(FIM_TOKENS.prefix))],
      ['tokenizer.ggml.fim_suf_token_id', u32(vocab.idOf(FIM_TOKENS.suffix))],
      ['tokenizer.ggml.fim_mid_token_id', u32(vocab.idOf(FIM_TOKENS.middle))],
      ['tokenizer.chat_template', { type: 'string', value: CHATML_TEMPLATE }],
    ],
    tensors: [
      { name: 'token_embd.weight', dims: [shape.nEmbd, nVocab], data: head.embedding },
      { name: 'output_norm.weight', dims: [shape.nEmbd], data: new Float32Array(shape.nEmbd).fill(1) },
      { name: 'output.weight', dims: [shape.nEmbd, nVocab], data: head.output },
      ...blocks,
    ],
  };
}

/** Byte-identical for identical options. */
export function buildTinyModel(options: TinyModelOptions): Uint8Array {
  return encodeGguf(tinyModelDocument(options));
}

export interface WrittenTinyModel {
  path: string;
  sha256: string;
  bytes: number;
  /** False when the file already held exactly these bytes and was left alone. */
  written: boolean;
}

/**
 * Writes the model atomically (temp file + rename), so concurrent test workers
 * and a running engine never observe a partial file; identical content is not rewritten.
 */
export async function writeTinyModel(
  options: TinyModelOptions & { path: string },
): Promise<WrittenTinyModel> {
  const bytes = buildTinyModel(options);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const target = path.resolve(options.path);
  const existing = await readFile(target).catch(() => undefined);
  if (existing && createHash('sha256').update(existing).digest('hex') === sha256) {
    return { path: target, sha256, bytes: bytes.length, written: false };
  }
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return { path: target, sha256, bytes: bytes.length, written: true };
}
