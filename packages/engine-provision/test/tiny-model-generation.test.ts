// DET-010, DET-011: the tiny models are deterministic artefacts (same options,
// same bytes), are valid llama models as an independent parser sees them, and
// the rigged heads really encode the golden sentence and the tool call.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gguf } from '@huggingface/gguf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIGRAM_SENTENCE,
  FIM_TOKENS,
  SPECIAL_TOKENS,
  TINY_MODEL_SHAPE,
  TOKEN_TYPE,
  TOOL_REPLY,
  TOOL_REPLY_PIECES,
  buildTinyModel,
  buildTinyVocab,
  tinyModelDocument,
  writeTinyModel,
} from '../src/index.js';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'llorch-tiny-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tiny model generation', () => {
  it('is byte-identical for the same kind and seed [DET-010]', () => {
    for (const kind of ['bigram', 'random', 'tool'] as const) {
      expect(sha(buildTinyModel({ kind, seed: 42 }))).toBe(sha(buildTinyModel({ kind, seed: 42 })));
    }
  });

  it('differs for different seeds and kinds [DET-010]', () => {
    const hashes = new Set([
      sha(buildTinyModel({ kind: 'random', seed: 1 })),
      sha(buildTinyModel({ kind: 'random', seed: 2 })),
      sha(buildTinyModel({ kind: 'bigram', seed: 1 })),
      sha(buildTinyModel({ kind: 'bigram', seed: 2 })),
      sha(buildTinyModel({ kind: 'tool', seed: 1 })),
    ]);
    expect(hashes.size).toBe(5);
  });

  it('is a llama model with the documented shape, as @huggingface/gguf reads it [DET-010]', async () => {
    const written = await writeTinyModel({ kind: 'random', seed: 42, path: path.join(dir, 'random.gguf') });
    const { metadata, tensorInfos, parameterCount } = await gguf(written.path, {
      allowLocalFile: true,
      computeParametersCount: true,
    });
    const m = metadata as Record<string, unknown>;
    const nVocab = buildTinyVocab().tokens.length;
    expect(m).toMatchObject({
      version: 3,
      'general.architecture': 'llama',
      'general.alignment': 32,
      'llama.embedding_length': 64,
      'llama.attention.head_count': 4,
      'llama.attention.head_count_kv': 2,
      'llama.feed_forward_length': 128,
      'llama.block_count': 2,
      'llama.context_length': 32768,
      'llama.rope.dimension_count': 16,
      'llama.vocab_size': nVocab,
      'tokenizer.ggml.model': 'llama',
      'tokenizer.ggml.bos_token_id': 1,
      'tokenizer.ggml.eos_token_id': 2,
      'tokenizer.ggml.add_bos_token': true,
      'tokenizer.ggml.add_space_prefix': false,
    });
    expect(String(m['tokenizer.chat_template'])).toContain('<|im_start|>');
    expect(String(m['tokenizer.chat_template'])).toContain('<tool_call>');
    const { tokens, types } = buildTinyVocab();
    for (const [key, piece] of [
      ['tokenizer.ggml.fim_pre_token_id', FIM_TOKENS.prefix],
      ['tokenizer.ggml.fim_suf_token_id', FIM_TOKENS.suffix],
      ['tokenizer.ggml.fim_mid_token_id', FIM_TOKENS.middle],
    ] as const) {
      const id = m[key] as number;
      expect([tokens[id], types[id]]).toEqual([piece, TOKEN_TYPE.control]);
    }
    expect(tensorInfos).toHaveLength(3 + 9 * TINY_MODEL_SHAPE.nLayer);
    const perLayer = 64 * 2 + 64 * 64 * 2 + 64 * 32 * 2 + 64 * 128 * 3;
    expect(parameterCount).toBe(2 * 64 * nVocab + 64 + 2 * perLayer);
    expect((await stat(written.path)).size).toBe(written.bytes);
  });

  it('has a unique SentencePiece vocabulary with specials, 256 byte tokens and word prefixes [DET-010]', () => {
    const { tokens, types } = buildTinyVocab();
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens.slice(0, 5)).toEqual(['<unk>', '<s>', '</s>', '<|im_start|>', '<|im_end|>']);
    expect(tokens.slice(5, 261)).toHaveLength(256);
    expect(types.slice(5, 261).every((t) => t === 6)).toBe(true);
    for (const piece of ['▁', '▁q', '▁qu', '▁qui', '▁quic', '▁quick', 'user', 'us'])
      expect(tokens).toContain(piece);
  });

  it('can reach every word and punctuation piece by merging two shorter pieces [DET-010]', () => {
    // SentencePiece only forms a piece from an adjacent pair already in the vocab;
    // an unreachable piece would silently never be used for prompts.
    const { tokens, types } = buildTinyVocab();
    const known = new Set(tokens);
    const chainOnly = new Set<string>(TOOL_REPLY_PIECES.map((p) => p.replaceAll(' ', '▁')));
    const unreachable = tokens.filter((piece, id) => {
      const chars = [...piece];
      if (types[id] !== TOKEN_TYPE.normal || chars.length < 2 || chainOnly.has(piece)) return false;
      return !chars.some(
        (_, i) => i > 0 && known.has(chars.slice(0, i).join('')) && known.has(chars.slice(i).join('')),
      );
    });
    expect(unreachable).toEqual([]);
  });

  // Blocks add nothing to the residual stream, so logits = output · rmsnorm(embedding).
  const greedyNext = (kind: 'bigram' | 'tool') => {
    const { tensors } = tinyModelDocument({ kind, seed: 3 });
    const nEmbd = TINY_MODEL_SHAPE.nEmbd;
    const embd = tensors.find((t) => t.name === 'token_embd.weight')!.data;
    const out = tensors.find((t) => t.name === 'output.weight')!.data;
    const nVocab = out.length / nEmbd;
    const zeroed = tensors.filter((t) => /attn_output|ffn_down/.test(t.name));
    expect(zeroed.every((t) => t.data.every((v) => v === 0))).toBe(true);
    return (token: number): number => {
      const x = embd.subarray(token * nEmbd, (token + 1) * nEmbd);
      const rms = Math.sqrt(x.reduce((s, v) => s + v * v, 0) / nEmbd + 1e-5);
      let best = -1;
      let bestLogit = -Infinity;
      for (let v = 0; v < nVocab; v++) {
        let logit = 0;
        for (let i = 0; i < nEmbd; i++) logit += out[v * nEmbd + i]! * (x[i]! / rms);
        if (logit > bestLogit) [best, bestLogit] = [v, logit];
      }
      return best;
    };
  };

  it('rigs the bigram head so each sentence token predicts the next, then EOS [DET-011]', () => {
    const vocab = buildTinyVocab();
    const argmax = greedyNext('bigram');
    const words = BIGRAM_SENTENCE.match(/ \w+|\./g)!;
    const chain = [...words.map((w) => vocab.idOf(w)), SPECIAL_TOKENS.eos];
    chain.slice(0, -1).forEach((token, i) => expect(argmax(token)).toBe(chain[i + 1]));
    // A bare "the" (a prompt with no space before it) continues like " the".
    expect(argmax(vocab.idOf('the'))).toBe(vocab.idOf(' quick'));
    // Anything else leads back to the start of the sentence.
    for (const other of [SPECIAL_TOKENS.bos, SPECIAL_TOKENS.eos, vocab.idOf('▁hello'), vocab.idOf('x')]) {
      expect(argmax(other)).toBe(chain[0]);
    }
  });

  it('rigs the tool head to answer any prompt with one get_weather call, then EOS [DET-011]', () => {
    const vocab = buildTinyVocab();
    const argmax = greedyNext('tool');
    expect(TOOL_REPLY).toBe('<tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call>');
    const newline = vocab.idOf('\n');
    const reply: number[] = [];
    for (
      let token = argmax(newline);
      token !== SPECIAL_TOKENS.eos && reply.length < 20;
      token = argmax(token)
    ) {
      reply.push(token);
    }
    expect(reply.map((id) => vocab.tokens[id]!.replaceAll('▁', ' ')).join('')).toBe(TOOL_REPLY);
    expect(argmax(vocab.idOf('<|im_end|>'))).toBe(reply[0]);
  });

  it('writes atomically and leaves an identical existing file alone [DET-010]', async () => {
    const target = path.join(dir, 'nested', 'bigram.gguf');
    const first = await writeTinyModel({ kind: 'bigram', seed: 42, path: target });
    const before = await stat(target);
    const second = await writeTinyModel({ kind: 'bigram', seed: 42, path: target });
    expect(first.written).toBe(true);
    expect(second).toEqual({ ...first, written: false });
    expect((await stat(target)).mtimeMs).toBe(before.mtimeMs);
    const third = await writeTinyModel({ kind: 'bigram', seed: 43, path: target });
    expect(third.written).toBe(true);
    expect(third.sha256).not.toBe(first.sha256);
  });
});
