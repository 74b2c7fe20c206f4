// WA-001: one factory beside the port turns an engine family and an endpoint
// into the adapter that speaks that family's protocol; both daemons use it.
import { ENGINES } from '@llama-orch/contracts';
import { describe, expect, it } from 'vitest';
import { adapterFor } from '../src/index.js';

describe('adapterFor', () => {
  it('gives each configured engine family its own adapter at the given endpoint [WA-001]', () => {
    for (const engine of ENGINES) {
      const adapter = adapterFor({
        engine,
        endpoint: 'http://127.0.0.1:9',
        modelRef: 'm',
        modelDigest: null,
        slots: 1,
        ctx: 512,
      });
      expect(adapter.engine).toBe(engine);
      expect(adapter.endpoint).toBe('http://127.0.0.1:9');
    }
  });
});
