// The in-process mock adapter must honour the same port contract as the real
// engines, including every staged fault (WA-014).
import { createMockAdapter } from '../src/index.js';
import type { MockAdapterOptions } from '../src/index.js';
import { defineConformanceSuite } from './conformance/suite.js';
import type { ConformanceEngine } from './conformance/suite.js';

const GOLDEN_PIECES = [' quick', ' brown', ' fox', ' jumps', ' over', ' a', ' lazy', ' dog', '.'];

function engineFor(options: MockAdapterOptions): ConformanceEngine {
  const adapter = createMockAdapter({ tokenDelayMs: 1, ...options });
  return {
    adapter,
    kill: async () => adapter.crash(),
    stop: async () => undefined,
    isIdle: async () => adapter.stats().inFlight === 0,
    generatedTokensTotal: async () => adapter.stats().generatedTokensTotal,
  };
}

defineConformanceSuite({
  name: 'mock adapter',
  engine: 'mock',
  start: async ({ model, toolCall }) =>
    model === 'golden'
      ? {
          ...engineFor({ script: GOLDEN_PIECES, modelDigest: 'sha256:golden' }),
          golden: { prompt: 'the', text: GOLDEN_PIECES.join('') },
          modelDigest: 'sha256:golden',
        }
      : engineFor({ seed: 42, ...(toolCall && { toolCalls: [toolCall] }) }),
  capabilities: {
    longMaxTokens: 2_000,
    workloads: { chat: true, tools: true, infill: true },
    faults: {
      hang: async () => engineFor({ faults: { hangAfterTokens: 2 }, idleTimeoutMs: 300 }),
      errorMidStream: async () => engineFor({ faults: { errorAfterTokens: 2 } }),
      vramOom: async () => engineFor({ faults: { vramOom: true } }),
      loading: async () => engineFor({ faults: { loading: true } }),
    },
  },
});
