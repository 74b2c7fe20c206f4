// POOL-004, POOL-006: reading a GGUF header without touching the weights, and
// resolving model refs to verified files (generated, configured, catalog).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseConfig } from '@llama-orch/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGgufHeader, writeTinyModel, TINY_MODEL_SHAPE } from '@llama-orch/engine-provision';
import { createModelSource, modelShape } from '../src/index.js';

let dir: string;
let bigram: { path: string; sha256: string; bytes: number };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'llorch-models-'));
  bigram = await writeTinyModel({ kind: 'bigram', seed: 42, path: path.join(dir, 'bigram.gguf') });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('GGUF header', () => {
  it('gives the shape the KV estimate needs and the weight bytes of all F32 tensors [POOL-004]', async () => {
    const header = await readGgufHeader(bigram.path);
    const shape = modelShape(header);
    expect(shape).toMatchObject({
      architecture: 'llama',
      layers: TINY_MODEL_SHAPE.nLayer,
      kvHeads: TINY_MODEL_SHAPE.nHeadKv,
      keyLength: TINY_MODEL_SHAPE.nEmbd / TINY_MODEL_SHAPE.nHead,
    });
    const elements = header.tensors.reduce((n, t) => n + t.dims.reduce((a, b) => a * b, 1), 0);
    expect(shape.weightsBytes).toBe(elements * 4);
    expect(shape.weightsBytes).toBeLessThan(bigram.bytes);
  });

  it('says plainly when a file is not GGUF', async () => {
    const junk = path.join(dir, 'junk.gguf');
    await writeFile(junk, 'not a model at all');
    await expect(readGgufHeader(junk)).rejects.toThrow(/not a GGUF file/);
  });
});

describe('model refs to files', () => {
  const config = (pools: unknown[]) => parseConfig({ server: { state_dir: dir }, pools });
  const cpu = { devices: 'cpu', allow_cpu_fallback: true };

  it('generates a tiny model under <state_dir>/models and reports its sha256 [POOL-006]', async () => {
    const source = createModelSource({
      config: config([{ id: 'g', ...cpu, model: { ref: 'g', generate: { kind: 'bigram', seed: 42 } } }]),
    });
    const model = await source.resolve('g');
    expect(model.path).toBe(path.join(dir, 'models', 'g.gguf'));
    expect(model.sha256).toBe(bigram.sha256);
    expect(model.source).toBe('generated');
  });

  it('refuses a configured file whose digest does not match [POOL-006]', async () => {
    const wrong = '0'.repeat(64);
    const source = createModelSource({
      config: config([{ id: 'p', ...cpu, model: { ref: 'p', path: bigram.path, digest: wrong } }]),
    });
    await expect(source.resolve('p')).rejects.toMatchObject({
      code: 'MODEL_DIGEST_MISMATCH',
      message: expect.stringContaining(
        `sha256 of ${bigram.path} is ${bigram.sha256} but the config expects ${wrong}`,
      ),
    });
  });

  it('refuses a missing model file before anything is spawned [POOL-006]', async () => {
    const source = createModelSource({
      config: config([{ id: 'p', ...cpu, model: { ref: 'p', path: path.join(dir, 'absent.gguf') } }]),
    });
    await expect(source.resolve('p')).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      message: expect.stringMatching(/absent\.gguf does not exist/),
    });
  });

  it('resolves a catalog entry (orchestratord catalog file) to its local file and checks its digest [POOL-006]', async () => {
    const catalogDir = path.join(dir, 'catalog');
    await rm(catalogDir, { recursive: true, force: true });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(catalogDir, { recursive: true });
    const model = {
      id: 'bigram-v2',
      digest: bigram.sha256,
      source_url: pathToFileURL(bigram.path).href,
      manifests: [],
    };
    await writeFile(
      path.join(catalogDir, 'bigram-v2.json'),
      JSON.stringify({ version: 1, model, history: [] }),
    );
    const source = createModelSource({
      config: config([{ id: 'p', ...cpu, model: { ref: 'p', path: bigram.path } }]),
    });
    await expect(source.resolve('bigram-v2')).resolves.toMatchObject({
      path: bigram.path,
      sha256: bigram.sha256,
      source: 'catalog',
    });
    await expect(source.resolve('nobody-knows-me')).rejects.toThrow(
      /not served by any pool in the config, has no catalog entry/,
    );
  });
});
