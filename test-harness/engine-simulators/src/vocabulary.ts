// WA-003, WA-013, DET-011: simulator vocabulary and tokenizer.
// Why: every simulated engine must count, tokenize and generate with the same small,
// fixed vocabulary so tests can predict token ids and texts without a real model.

/** Special token ids, as llama-style vocabularies number them. */
export const BOS_ID = 1;
export const EOS_ID = 2;
export const EOS_TEXT = '</s>';

/** Word pieces the generator draws from; ids are VOCAB_BASE + index. */
export const VOCABULARY: readonly string[] = [
  ' the',
  ' quick',
  ' brown',
  ' fox',
  ' jumps',
  ' over',
  ' a',
  ' lazy',
  ' dog',
  '.',
  ' cat',
  ' runs',
  ' under',
  ' red',
  ' blue',
  ' green',
  ' tree',
  ' river',
  ' sun',
  ' moon',
  ' and',
  ' sleeps',
  ' small',
  ' big',
  ' old',
  ' new',
  ' light',
  ' dark',
  ' sings',
  ' walks',
  ',',
  ' home',
];

const VOCAB_BASE = 100;
/** Pieces outside the vocabulary hash into this id range, so /tokenize works for any text. */
const HASHED_BASE = 1000;
const HASHED_SPAN = 30_000;

const idByPiece = new Map<string, number>(VOCABULARY.map((piece, index) => [piece, VOCAB_BASE + index]));
/** Pieces seen by tokenize(); lets /detokenize reverse hashed ids within one process. */
const pieceById = new Map<number, string>(VOCABULARY.map((piece, index) => [VOCAB_BASE + index, piece]));

export function vocabularyId(index: number): number {
  return VOCAB_BASE + index;
}

/** FNV-1a over UTF-16 code units: tiny, stable across processes and platforms. */
export function fnv1a(text: string, basis = 0x811c9dc5): number {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * Splits text into pieces the way the vocabulary is shaped: leading whitespace sticks to
 * the next word, punctuation is its own piece, trailing whitespace is one piece.
 */
export function splitPieces(text: string): string[] {
  return text.match(/\s*[\p{L}\p{N}']+|\s*[^\s\p{L}\p{N}']|\s+$/gu) ?? [];
}

export interface TokenPiece {
  id: number;
  piece: string;
  start: number;
  stop: number;
}

export function tokenizePieces(text: string): TokenPiece[] {
  const pieces: TokenPiece[] = [];
  let offset = 0;
  for (const piece of splitPieces(text)) {
    const known = idByPiece.get(piece);
    const id = known ?? HASHED_BASE + (fnv1a(piece) % HASHED_SPAN);
    if (known === undefined) pieceById.set(id, piece);
    pieces.push({ id, piece, start: offset, stop: offset + piece.length });
    offset += piece.length;
  }
  return pieces;
}

export function tokenize(text: string): number[] {
  return tokenizePieces(text).map((p) => p.id);
}

export function detokenize(ids: readonly number[]): string {
  return ids
    .map((id) => {
      if (id === BOS_ID) return '';
      if (id === EOS_ID) return '';
      return pieceById.get(id) ?? '';
    })
    .join('');
}

export function pieceOf(id: number): string {
  if (id === EOS_ID) return EOS_TEXT;
  return pieceById.get(id) ?? '';
}
