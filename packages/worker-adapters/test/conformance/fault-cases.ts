// WA-008, WA-012, WA-013: failure modes only a simulator or the mock can stage
// on demand. Each section runs only when the target provides that fault.
import { afterAll, describe, expect, it } from 'vitest';
import { AdapterError, VRAM_OOM_DETAIL } from '../../src/index.js';
import type { SamplerParams } from '../../src/index.js';
import type { ConformanceEngine, ConformanceFaults } from './types.js';

async function failureOf(engine: ConformanceEngine, sampler: SamplerParams) {
  const seen: string[] = [];
  let failure: unknown;
  try {
    for await (const event of engine.adapter.complete({
      prompt: 'hello',
      max_tokens: 64,
      seed: 3,
      sampler,
    })) {
      seen.push(event.type);
    }
  } catch (err) {
    failure = err;
  }
  return { seen, failure };
}

export function defineFaultCases(name: string, faults: ConformanceFaults, sampler: SamplerParams): void {
  describe(`${name} conformance: staged faults`, () => {
    const started: ConformanceEngine[] = [];
    const start = async (factory: () => Promise<ConformanceEngine>) => {
      const engine = await factory();
      started.push(engine);
      return engine;
    };
    afterAll(async () => {
      await Promise.all(started.map((e) => e.stop()));
    });

    it.runIf(faults.hang !== undefined)('turns a silent engine into DECODE_TIMEOUT [WA-012]', async () => {
      const engine = await start(faults.hang!);
      const startedAt = performance.now();
      const { seen, failure } = await failureOf(engine, sampler);
      expect(failure).toBeInstanceOf(AdapterError);
      expect((failure as AdapterError).code).toBe('DECODE_TIMEOUT');
      expect(seen).not.toContain('end');
      expect(performance.now() - startedAt).toBeLessThan(10_000);
    });

    it.runIf(faults.errorMidStream !== undefined)(
      'raises an in-band engine error as AdapterError, never as a token or end [WA-008]',
      async () => {
        const engine = await start(faults.errorMidStream!);
        const { seen, failure } = await failureOf(engine, sampler);
        expect(failure).toBeInstanceOf(AdapterError);
        expect(seen).not.toContain('end');
      },
    );

    it.runIf(faults.vramOom !== undefined)('reports VRAM exhaustion distinctly [WA-008]', async () => {
      const engine = await start(faults.vramOom!);
      const { failure } = await failureOf(engine, sampler);
      expect(failure).toBeInstanceOf(AdapterError);
      expect((failure as AdapterError).detail).toBe(VRAM_OOM_DETAIL);
      expect((failure as AdapterError).retriable).toBe(false);
    });

    it.runIf(faults.loading !== undefined)(
      'reports a loading engine as loading and refuses work with POOL_UNAVAILABLE [WA-002]',
      async () => {
        const engine = await start(faults.loading!);
        expect((await engine.adapter.health()).type).toBe('loading');
        const { failure } = await failureOf(engine, sampler);
        expect(failure).toBeInstanceOf(AdapterError);
        expect((failure as AdapterError).code).toBe('POOL_UNAVAILABLE');
      },
    );
  });
}
