// CLI-004: the request `submit` sends is complete and its defaults are the
// documented ones; the target (model, engine, ctx) is picked from what the
// server serves when the user leaves it open.
import { describe, expect, it } from 'vitest';
import type { Capabilities } from '@llama-orch/contracts';
import { buildTaskRequest, pickTarget } from '../src/index.js';

const target = { model: 'tiny-bigram', engine: 'llamacpp' as const, ctx: 512 };

const engine = (
  name: 'llamacpp' | 'vllm',
  models: string[],
  ctx_max: number,
  workloads: ('completion' | 'embedding')[] = ['completion'],
) => ({
  engine: name,
  engine_version: 'x',
  ctx_max,
  supported_workloads: workloads,
  concurrency: 1,
  rate_limits: { requests_per_minute: null, tokens_per_minute: null },
  features: [],
  models: models.map((m) => ({ model_ref: m, pool_ids: [m] })),
});

describe('buildTaskRequest', () => {
  it('fills the documented defaults and fresh ids [CLI-004]', () => {
    const a = buildTaskRequest({}, target, { prompt: 'hi' });
    const b = buildTaskRequest({}, target, { prompt: 'hi' });
    expect(a).toMatchObject({
      priority: 'interactive',
      determinism: 'strict',
      workload: 'completion',
      max_tokens: 128,
      deadline_ms: 120_000,
      prompt: 'hi',
      ctx: 512,
    });
    expect(a.task_id).not.toBe(b.task_id);
    expect(a.session_id).not.toBe(b.session_id);
    expect(a).not.toHaveProperty('seed');
    expect(a).not.toHaveProperty('inputs');
  });

  it('passes every explicit option through, normalising ids [CLI-004]', () => {
    const request = buildTaskRequest(
      {
        taskId: '3F0C6A8E-5B7D-4C1E-9A2F-1D4B6E8C0A11',
        session: '9b2e4d6f-1a3c-4e5b-8d7f-2c4e6a8b0d22',
        priority: 'batch',
        determinism: 'best_effort',
        seed: 42,
        samplerProfile: 'v1',
        maxTokens: 16,
        deadline: 5000,
        expectedTokens: 10,
        kvHint: 'cold',
        workload: 'embedding',
      },
      target,
      { inputs: ['a', 'b'] },
    );
    expect(request).toEqual({
      task_id: '3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11',
      session_id: '9b2e4d6f-1a3c-4e5b-8d7f-2c4e6a8b0d22',
      workload: 'embedding',
      model_ref: 'tiny-bigram',
      engine: 'llamacpp',
      ctx: 512,
      priority: 'batch',
      determinism: 'best_effort',
      seed: 42,
      sampler_profile_version: 'v1',
      inputs: ['a', 'b'],
      max_tokens: 16,
      deadline_ms: 5000,
      expected_tokens: 10,
      kv_hint: 'cold',
    });
  });

  it('refuses a malformed task id as a usage error [CLI-004, CLI-017]', () => {
    expect(() => buildTaskRequest({ taskId: 'not-a-uuid' }, target, { prompt: 'x' })).toThrow(
      /--task-id must be a UUID/,
    );
  });
});

describe('pickTarget', () => {
  const caps: Capabilities = {
    api_version: '1.0.0',
    engines: [
      engine('llamacpp', ['tiny-bigram', 'tiny-random'], 512),
      engine('vllm', ['big'], 32768, ['embedding']),
    ],
  };

  it('takes the first served model in the server order, with its engine ctx_max [CLI-004]', () => {
    expect(
      pickTarget(caps, { model: undefined, engine: undefined, ctx: undefined, workload: 'completion' }),
    ).toEqual(target);
  });

  it('honours a named model or engine and an explicit ctx [CLI-004]', () => {
    expect(
      pickTarget(caps, { model: 'big', engine: undefined, ctx: undefined, workload: 'embedding' }),
    ).toEqual({ model: 'big', engine: 'vllm', ctx: 32768 });
    // The workload narrows the choice too: only vllm serves embeddings here.
    expect(
      pickTarget(caps, { model: undefined, engine: undefined, ctx: undefined, workload: 'embedding' }).model,
    ).toBe('big');
    expect(
      pickTarget(caps, { model: undefined, engine: 'llamacpp', ctx: 256, workload: 'completion' }),
    ).toEqual({ ...target, ctx: 256 });
  });

  it('lets the server judge a model it does not list yet, and explains an empty deployment [CLI-004, CLI-016]', () => {
    expect(
      pickTarget(caps, { model: 'loading-model', engine: undefined, ctx: undefined, workload: 'completion' }),
    ).toEqual({
      model: 'loading-model',
      engine: 'llamacpp',
      ctx: 2048,
    });
    expect(() =>
      pickTarget(
        { api_version: '1.0.0', engines: [] },
        { model: undefined, engine: undefined, ctx: undefined, workload: 'completion' },
      ),
    ).toThrow(/no Ready engine serves completion/);
  });
});
