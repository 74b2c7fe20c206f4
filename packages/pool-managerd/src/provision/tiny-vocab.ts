// DET-010: the tiny models carry a real SentencePiece-style (`llama`) vocabulary
// so llama.cpp tokenizes and detokenizes any text: byte-fallback tokens cover
// all of Unicode, and each word ships with all its prefixes because the SPM
// tokenizer only builds a piece by merging two pieces that are both in the vocab.

/** llama.cpp token attribute ids stored in `tokenizer.ggml.token_type`. */
export const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

export const SPECIAL_TOKENS = { unk: 0, bos: 1, eos: 2, imStart: 3, imEnd: 4 } as const;

/** The word-boundary marker SentencePiece uses in place of a space. */
export const SPM_SPACE = '\u2581';

/** Words the models know as whole tokens; a leading space is written as ▁. */
const WORDS = [
  ' the',
  ' quick',
  ' brown',
  ' fox',
  ' jumps',
  ' over',
  ' a',
  ' lazy',
  ' dog',
  ' hello',
  ' world',
  'user',
  'assistant',
  'system',
];

/** ChatML, as llama.cpp's Jinja engine renders it for chat endpoints. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

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
  for (const word of WORDS) {
    const piece = word.replaceAll(' ', SPM_SPACE);
    const chars = [...piece];
    for (let len = 2; len <= chars.length; len++) add(chars.slice(0, len).join(''), TOKEN_TYPE.normal);
  }
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
