// DET-010: the tiny models carry a real SentencePiece-style (`llama`) vocabulary
// so llama.cpp tokenizes and detokenizes any text: byte-fallback tokens cover
// all of Unicode, and each word ships with all its prefixes because the SPM
// tokenizer only builds a piece by merging two pieces that are both in the vocab.
// Common English, code and JSON pieces keep an agent's 50 KB request well under
// a 32k context; FIM control tokens let llama-server serve /infill.
import { CHATML_TOOLS_TEMPLATE, TOOL_REPLY_PIECES } from './tiny-chat-template.js';
import {
  BARE_WORDS,
  CODE_WORDS,
  ENGLISH_WORDS,
  LINE_PIECES,
  PUNCTUATION_PIECES,
  WORD_PARTS,
} from './tiny-vocab-words.js';

/** llama.cpp token attribute ids stored in `tokenizer.ggml.token_type`. */
export const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

export const SPECIAL_TOKENS = { unk: 0, bos: 1, eos: 2, imStart: 3, imEnd: 4 } as const;

/** Fill-in-the-middle control tokens (Qwen spelling), named in the GGUF by their ids. */
export const FIM_TOKENS = {
  prefix: '<|fim_prefix|>',
  suffix: '<|fim_suffix|>',
  middle: '<|fim_middle|>',
} as const;

/** The word-boundary marker SentencePiece uses in place of a space. */
export const SPM_SPACE = '\u2581';

/** Words the first vocabulary knew; a leading space is written as ▁. */
const GREETING_WORDS = [
  ' the',
  ' quick',
  ' brown',
  ' fox',
  ' jumps',
  ' over',
  ' a',
  ' lazy',
  ' dog',
  'the',
  ' hello',
  ' world',
  'user',
  'assistant',
  'system',
];

/** The chat template every tiny model carries (ChatML with Hermes-style tool calls). */
export const CHATML_TEMPLATE = CHATML_TOOLS_TEMPLATE;

export interface TinyVocab {
  tokens: string[];
  types: number[];
  scores: number[];
  /** Token id of an exact piece (spaces written as ' ' or ▁). */
  idOf(piece: string): number;
}

export function buildTinyVocab(): TinyVocab {
  const tokens: string[] = [];
  const types: number[] = [];
  const index = new Map<string, number>();
  const add = (piece: string, type: number): void => {
    if (index.has(piece)) return; // llama.cpp asserts token strings are unique
    index.set(piece, tokens.length);
    tokens.push(piece);
    types.push(type);
  };
  const addWithPrefixes = (word: string): void => {
    const chars = [...word.replaceAll(' ', SPM_SPACE)];
    for (let len = 2; len <= chars.length; len++) add(chars.slice(0, len).join(''), TOKEN_TYPE.normal);
  };
  add('<unk>', TOKEN_TYPE.unknown);
  add('<s>', TOKEN_TYPE.control);
  add('</s>', TOKEN_TYPE.control);
  add('<|im_start|>', TOKEN_TYPE.control);
  add('<|im_end|>', TOKEN_TYPE.control);
  for (let b = 0; b < 256; b++) {
    add(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, TOKEN_TYPE.byte);
  }
  add(SPM_SPACE, TOKEN_TYPE.normal);
  for (let c = 0x21; c <= 0x7e; c++) add(String.fromCharCode(c), TOKEN_TYPE.normal);
  for (const word of GREETING_WORDS) addWithPrefixes(word);
  for (const token of Object.values(FIM_TOKENS)) add(token, TOKEN_TYPE.control);
  for (const piece of PUNCTUATION_PIECES) add(piece, TOKEN_TYPE.normal);
  for (const word of [...ENGLISH_WORDS, ...CODE_WORDS, ...BARE_WORDS]) addWithPrefixes(` ${word}`);
  for (const word of [...BARE_WORDS, ...CODE_WORDS, ...WORD_PARTS]) addWithPrefixes(word);
  // Line breaks and runs of spaces (indentation) score below every word piece,
  // so the space before a word still joins the word.
  for (const piece of LINE_PIECES) add(piece, TOKEN_TYPE.normal);
  addWithPrefixes(' '.repeat(16));
  // Whole pieces for the tool model's reply chain (a bigram chain needs one
  // distinct token per step), added without prefixes: prompts rarely reach them.
  for (const piece of TOOL_REPLY_PIECES) add(piece.replaceAll(' ', SPM_SPACE), TOKEN_TYPE.normal);
  // Later (longer, rarer) pieces score lower, as in a trained SPM model; only
  // relative order matters to the merge loop.
  const scores = tokens.map((_, id) => (types[id] === TOKEN_TYPE.normal ? -id : 0));
  const idOf = (piece: string): number => {
    const id = index.get(piece.replaceAll(' ', SPM_SPACE));
    if (id === undefined) throw new Error(`piece ${JSON.stringify(piece)} is not in the tiny vocabulary`);
    return id;
  };
  return { tokens, types, scores, idOf };
}
