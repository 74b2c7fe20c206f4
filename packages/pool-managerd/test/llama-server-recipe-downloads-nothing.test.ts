// OC-025: pool-managerd starts llama-server on a local model file and never
// hands it a flag that would download one (moved here from orchestratord's
// outbound-connections test: the recipe is pool-managerd's).
import { describe, expect, it } from 'vitest';
import { engineArgs } from '../src/index.js';

describe('engine launch recipes', () => {
  it('hand llama-server a local model file and no flag that would download one [OC-025]', () => {
    const args = engineArgs(
      {
        engine: 'llamacpp',
        modelPath: '/models/tiny.gguf',
        modelRef: 'tiny',
        ctx: 512,
        launch: { extra_args: [], parallel: 1, env: {}, secret_env: {} },
        devices: 'cpu',
        tensorSplit: null,
        host: '127.0.0.1',
      },
      [8080],
    );
    expect(args[args.indexOf('-m') + 1]).toBe('/models/tiny.gguf');
    // llama-server's download flags (Hugging Face repo/file, model URL, Docker registry).
    const network = /^(-hf|-hfr|-hff|-hfv|-hffv|--hf-.*|-mu|--model-url|-dr|--docker-repo)$/;
    expect(args.filter((a) => network.test(a))).toEqual([]);
  });
});
