// The shapes a conformance target provides (see suite.ts for how to plug in).
import type { EngineAdapter, EngineKind } from '../../src/index.js';

/** 'golden': a model whose output text is known; 'seeded': a model whose output depends on the seed. */
export type ConformanceModel = 'golden' | 'seeded';

/** A tool call the engine is set up to make when a chat offers the tool (configuration, not a prompt). */
export interface ConformanceToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

export interface ConformanceStartOptions {
  model: ConformanceModel;
  /** Chat targets: the call the engine makes when offered its tool; targets whose model decides ignore it. */
  toolCall?: ConformanceToolCall;
}

/** The workloads a target's engine serves beyond raw completions; the chat cases run or refuse by these. */
export interface ConformanceWorkloads {
  chat: boolean;
  /** Chat with tools: the engine answers an offered tool with a call (needs `chat`). */
  tools: boolean;
  infill: boolean;
}

export interface GoldenExpectation {
  prompt: string;
  /** The whole generated text for `prompt` (det-v1 sampler, max_tokens 64), ending in EOS. */
  text: string;
}

/** One running engine plus the handles the suite needs to observe and break it. */
export interface ConformanceEngine {
  adapter: EngineAdapter;
  /** Required when started with model 'golden'. */
  golden?: GoldenExpectation;
  /** The digest properties().model_digest must report, when the target knows it. */
  modelDigest?: string;
  /** Kills the engine abruptly (SIGKILL for processes); resolves once it is dead. */
  kill(): Promise<void>;
  /** Stops the engine gracefully; must be safe after kill() and when called twice. */
  stop(): Promise<void>;
  /** The engine's own count of generated tokens, observed out of band (e.g. its /metrics). */
  generatedTokensTotal?(): Promise<number | null>;
  /** True when the engine has no request in progress, observed out of band (e.g. /slots). */
  isIdle?(): Promise<boolean>;
}

/** Fault scenarios only some targets can stage (simulators, the mock). */
export interface ConformanceFaults {
  /** Accepts a completion, streams a few tokens, then goes silent; the adapter's idle timeout must be short (≤ 2 s). */
  hang?(): Promise<ConformanceEngine>;
  /** Streams a few tokens, then reports an engine error inside the 200 stream. */
  errorMidStream?(): Promise<ConformanceEngine>;
  /** Fails every completion with a VRAM out-of-memory error. */
  vramOom?(): Promise<ConformanceEngine>;
  /** Answers but is still loading the model (503). */
  loading?(): Promise<ConformanceEngine>;
}

export interface ConformanceTarget {
  name: string;
  engine: EngineKind;
  start(options: ConformanceStartOptions): Promise<ConformanceEngine>;
  capabilities: {
    /** max_tokens for the cancel/kill cases: enough that the full generation takes well over a second. */
    longMaxTokens: number;
    /** Budget for one start() call (process spawn + model load); default 30 s. */
    startTimeoutMs?: number;
    faults?: ConformanceFaults;
    /** What the engine serves beyond raw completions; what it does not serve must be refused. */
    workloads: ConformanceWorkloads;
  };
}
