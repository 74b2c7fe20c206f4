// DET-010, DET-011: weights for the tiny model kinds. The residual stream has
// no positional mixing we rely on: attention and FFN outputs are either zero
// (the rigged bigram and tool chains) or kept out of the one "bias" dimension
// (random), so the output head alone decides what the model can or cannot say.
import type { Prng } from './prng.js';
import { SPECIAL_TOKENS } from './tiny-vocab.js';

export interface TinyModelShape {
  nEmbd: number;
  nHead: number;
  nHeadKv: number;
  nFf: number;
  nLayer: number;
  contextLength: number;
  ropeFreqBase: number;
  rmsEps: number;
}

export const TINY_MODEL_SHAPE: TinyModelShape = {
  nEmbd: 64,
  nHead: 4,
  nHeadKv: 2,
  nFf: 128,
  nLayer: 2,
  // llama-server caps a slot's context at this; agents' 50 KB requests need 32k.
  contextLength: 32_768,
  ropeFreqBase: 10_000,
  rmsEps: 1e-5,
};

export interface NamedTensor {
  name: string;
  dims: number[];
  data: Float32Array;
}

/** Logit (after the final RMS norm scales a one-hot up to sqrt(n_embd)) for the rigged next token. */
const BIGRAM_WEIGHT = 4;
/** The constant feature that every random-mode embedding carries in its last dimension. */
const RANDOM_BIAS_FEATURE = 8;
/** Output weight on that feature for special tokens: a logit of about -11 keeps them from being sampled. */
const RANDOM_SPECIAL_PENALTY = -2;

function gaussianTensor(rng: Prng, length: number, std: number): Float32Array {
  const data = new Float32Array(length);
  for (let i = 0; i < length; i++) data[i] = rng.gaussian(std);
  return data;
}

/** Transformer blocks; `writeToResidual` says whether they may change the residual stream at all. */
export function blockTensors(
  shape: TinyModelShape,
  rng: Prng,
  writeToResidual: 'none' | 'all-but-last',
): NamedTensor[] {
  const { nEmbd, nFf, nHead, nHeadKv } = shape;
  const nEmbdKv = (nEmbd / nHead) * nHeadKv;
  const tensors: NamedTensor[] = [];
  const projection = (out: number): Float32Array => gaussianTensor(rng, nEmbd * out, 1 / Math.sqrt(nEmbd));
  const residualWriter = (inner: number): Float32Array => {
    if (writeToResidual === 'none') return new Float32Array(inner * nEmbd);
    const data = gaussianTensor(rng, inner * nEmbd, 0.05);
    data.fill(0, (nEmbd - 1) * inner); // output row nEmbd-1 is the bias feature
    return data;
  };
  for (let layer = 0; layer < shape.nLayer; layer++) {
    const name = (part: string): string => `blk.${layer}.${part}.weight`;
    tensors.push(
      { name: name('attn_norm'), dims: [nEmbd], data: new Float32Array(nEmbd).fill(1) },
      { name: name('attn_q'), dims: [nEmbd, nEmbd], data: projection(nEmbd) },
      { name: name('attn_k'), dims: [nEmbd, nEmbdKv], data: projection(nEmbdKv) },
      { name: name('attn_v'), dims: [nEmbd, nEmbdKv], data: projection(nEmbdKv) },
      { name: name('attn_output'), dims: [nEmbd, nEmbd], data: residualWriter(nEmbd) },
      { name: name('ffn_norm'), dims: [nEmbd], data: new Float32Array(nEmbd).fill(1) },
      { name: name('ffn_gate'), dims: [nEmbd, nFf], data: projection(nFf) },
      { name: name('ffn_up'), dims: [nEmbd, nFf], data: projection(nFf) },
      { name: name('ffn_down'), dims: [nFf, nEmbd], data: residualWriter(nFf) },
    );
  }
  return tensors;
}

/**
 * Bigram head: token t is embedded as the one-hot of its class, and the output
 * row of next(class) reads that class. `chain[i]` is followed by `chain[i+1]`;
 * every other token is followed by `chain[0]`, so any prompt converges. An
 * `aliases` entry (token → chain token) makes a token continue the chain as
 * that chain token does (another spelling of the same word).
 */
export function bigramHead(
  shape: TinyModelShape,
  nVocab: number,
  chain: readonly number[],
  aliases: ReadonlyMap<number, number> = new Map(),
): { embedding: Float32Array; output: Float32Array } {
  const { nEmbd } = shape;
  if (chain.length > nEmbd)
    throw new RangeError(`a ${chain.length}-token chain needs n_embd >= ${chain.length}`);
  const start = chain[0];
  if (start === undefined) throw new RangeError('the bigram chain is empty');
  if (new Set(chain).size !== chain.length) throw new RangeError('a bigram chain cannot repeat a token');
  const classOf = new Map<number, number>(); // class 0 = "anything else"
  chain.slice(0, -1).forEach((token, i) => classOf.set(token, i + 1));
  for (const [alias, token] of aliases) {
    const cls = classOf.get(token);
    if (cls === undefined || classOf.has(alias))
      throw new RangeError(`alias ${alias} -> ${token} is not a new spelling of a chain token`);
    classOf.set(alias, cls);
  }
  const embedding = new Float32Array(nEmbd * nVocab);
  for (let token = 0; token < nVocab; token++) embedding[token * nEmbd + (classOf.get(token) ?? 0)] = 1;
  const output = new Float32Array(nEmbd * nVocab);
  output[start * nEmbd + 0] = BIGRAM_WEIGHT;
  chain.slice(0, -1).forEach((_, i) => {
    const next = chain[i + 1] as number;
    output[next * nEmbd + (i + 1)] = BIGRAM_WEIGHT;
  });
  return { embedding, output };
}

/**
 * Random head: Gaussian rows plus a bias feature that pushes special tokens
 * (and any other `penalised` ones, e.g. control tokens) far down.
 */
export function randomHead(
  shape: TinyModelShape,
  nVocab: number,
  rng: Prng,
  penalised: readonly number[] = [],
): { embedding: Float32Array; output: Float32Array } {
  const { nEmbd } = shape;
  const bias = nEmbd - 1;
  const embedding = gaussianTensor(rng, nEmbd * nVocab, 1);
  const output = gaussianTensor(rng, nEmbd * nVocab, 0.3);
  const specials = new Set<number>([...Object.values(SPECIAL_TOKENS), ...penalised]);
  for (let token = 0; token < nVocab; token++) {
    embedding[token * nEmbd + bias] = RANDOM_BIAS_FEATURE;
    output[token * nEmbd + bias] = specials.has(token) ? RANDOM_SPECIAL_PENALTY : 0;
  }
  return { embedding, output };
}
