// The llama.cpp adapter against a scripted llama-server: wire details and
// build-to-build drift that a real binary at one commit cannot show (WA-015).
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { AdapterError, createLlamaCppAdapter, resolveSamplerProfile } from '../src/index.js';
import type { CompletionRequest } from '../src/index.js';
import { collect, textOf, tokensOf } from './conformance/helpers.js';
import { json, refusedUrl, sseHeaders, startFakeServer } from './support/fake-http-server.js';
import type { FakeHandler, FakeHttpServer } from './support/fake-http-server.js';

let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function adapterFor(handler: FakeHandler, engineVersion?: string) {
  server = await startFakeServer(handler);
  return createLlamaCppAdapter({
    endpoint: `${server.url}/`,
    modelDigest: 'sha256:abc',
    timeouts: { requestMs: 1_000, firstTokenMs: 2_000, idleMs: 1_000 },
    ...(engineVersion ? { engineVersion } : {}),
  });
}

const request = (overrides: Partial<CompletionRequest> = {}): CompletionRequest => ({
  prompt: 'the',
  max_tokens: 12,
  seed: 42,
  sampler: resolveSamplerProfile('default-v1')!,
  ...overrides,
});

const chunk = (content: string, extra: object = {}) =>
  `data: ${JSON.stringify({ index: 0, content, tokens: [1], stop: false, ...extra })}\n\n`;

function stream(res: ServerResponse, ...frames: string[]): void {
  sseHeaders(res);
  res.end(frames.join(''));
}

const FINAL = chunk('', {
  stop: true,
  stop_type: 'eos',
  tokens: [],
  tokens_evaluated: 2,
  tokens_predicted: 3,
  timings: { predicted_ms: 4.5 },
});

describe('llamacpp-http adapter wire protocol', () => {
  it('sends the native completion body with determinism switches [WA-015, DET-002]', async () => {
    const adapter = await adapterFor((_req, res) => stream(res, chunk(' quick'), FINAL));
    await collect(adapter.complete(request()));
    const sent = server!.requests[0]!;
    expect(sent.path).toBe('/completion');
    expect(sent.body).toEqual({
      prompt: 'the',
      n_predict: 12,
      seed: 42,
      stream: true,
      cache_prompt: false,
      temperature: 0.8,
      top_k: 40,
      top_p: 0.95,
      min_p: 0.05,
      repeat_penalty: 1,
      n_probs: 0,
    });
  });

  it('skips the empty EOS piece and reads the final chunk for stats [WA-004, WA-015]', async () => {
    const eos = chunk('', { tokens: [2] });
    const adapter = await adapterFor((_req, res) =>
      stream(res, chunk(' quick'), ': ping\n\n', chunk(' brown'), eos, FINAL),
    );
    const events = await collect(adapter.complete(request()));
    expect(textOf(events)).toBe(' quick brown');
    expect(events.at(-1)).toEqual({
      type: 'end',
      // completion_tokens is the engine's own count (tokens_predicted), EOS included.
      stats: { tokens_in: 2, tokens_out: 2, completion_tokens: 3, decode_ms: 4.5, stop_reason: 'eos' },
    });
  });

  it('understands older final chunks that use stopped_* flags [WA-015]', async () => {
    const legacyFinal = chunk('', { stop: true, stopped_word: true, stopping_word: '\n' });
    const adapter = await adapterFor((_req, res) => stream(res, chunk('a'), legacyFinal));
    const events = await collect(adapter.complete(request()));
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      stats: { stop_reason: 'stop_word', tokens_in: null },
    });
  });

  it.each([
    [
      'a data error object',
      'data: {"error":{"code":500,"message":"slot crashed","type":"server_error"}}\n\n',
    ],
    ['the legacy error line', 'error: {"code":500,"message":"slot crashed"}\n\n'],
  ])('raises %s inside a 200 stream as AdapterError without an end [WA-008]', async (_label, frame) => {
    const adapter = await adapterFor((_req, res) => stream(res, chunk('x'), frame));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of adapter.complete(request())) seen.push(event.type);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['token']);
    expect(error).toBeInstanceOf(AdapterError);
    expect((error as AdapterError).message).toContain('slot crashed');
  });

  it('treats a stream that ends without the final chunk as WORKER_RESET [WA-008]', async () => {
    const adapter = await adapterFor((_req, res) => stream(res, chunk('x'), chunk('y')));
    const error = await collect(adapter.complete(request())).catch((e: unknown) => e);
    expect((error as AdapterError).code).toBe('WORKER_RESET');
  });

  it('refuses seeds llama.cpp would treat as random, without calling the engine [WA-004, DET-013]', async () => {
    const adapter = await adapterFor((_req, res) => stream(res, FINAL));
    for (const seed of [-1, 0xffffffff, 1.5]) {
      const error = await collect(adapter.complete(request({ seed }))).catch((e: unknown) => e);
      expect((error as AdapterError).code).toBe('INVALID_PARAMS');
    }
    expect(server!.requests).toHaveLength(0);
  });

  it('maps /health by status: 200 ready, 503 loading, refused down [WA-002]', async () => {
    let status = 503;
    const adapter = await adapterFor((_req, res) =>
      json(res, status, status === 200 ? { status: 'ok' } : { error: { message: 'Loading model' } }),
    );
    expect(await adapter.health()).toEqual({ type: 'loading', detail: 'Loading model' });
    status = 200;
    expect(await adapter.health()).toEqual({ type: 'ready' });
    const down = createLlamaCppAdapter({ endpoint: await refusedUrl() });
    expect((await down.health()).type).toBe('down');
  });

  it('reads /props and falls back to /slots and the configured version on older builds [WA-003]', async () => {
    const adapter = await adapterFor((req, res) => {
      if (req.path === '/props')
        json(res, 200, { model_path: '/m/tiny.gguf', default_generation_settings: {} });
      else
        json(res, 200, [
          { id: 0, n_ctx: 512, state: 0 },
          { id: 1, n_ctx: 512, is_processing: true },
        ]);
    }, 'b1-de3ff81');
    expect(await adapter.properties()).toEqual({
      engine: 'llamacpp',
      engine_version: 'b1-de3ff81',
      model_digest: 'sha256:abc',
      model_id: '/m/tiny.gguf',
      ctx_max: 512,
      slots_total: 2,
    });
    expect(await adapter.slots()).toEqual([
      { id: 0, n_ctx: 512, is_processing: false },
      { id: 1, n_ctx: 512, is_processing: true },
    ]);
  });

  it('reports the per-token KV size it was given (from the GGUF) beside what /props says [WA-003, ORCHD-027]', async () => {
    server = await startFakeServer((_req, res) =>
      json(res, 200, { build_info: 'b1', total_slots: 1, default_generation_settings: { n_ctx: 512 } }),
    );
    const adapter = createLlamaCppAdapter({ endpoint: server.url, kvBytesPerToken: 327_680 });
    expect(await adapter.properties()).toMatchObject({ ctx_max: 512, kv_bytes_per_token: 327_680 });
  });

  it('counts tokens the way /completion tokenises a prompt [WA-003]', async () => {
    const adapter = await adapterFor((_req, res) => json(res, 200, { tokens: [1, 358, 363] }));
    expect(await adapter.countTokens('the quick')).toBe(3);
    expect(server!.requests[0]!.body).toEqual({
      content: 'the quick',
      add_special: true,
      parse_special: true,
    });
  });

  it('reads /metrics and reports unknowns when metrics are disabled [WA-007]', async () => {
    let enabled = true;
    const adapter = await adapterFor((_req, res) => {
      if (!enabled) return json(res, 501, { error: { code: 501, type: 'not_supported_error' } });
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(
        'llamacpp:tokens_predicted_total 9\nllamacpp:requests_processing 1\nllamacpp:requests_deferred 2\n',
      );
    });
    expect(await adapter.metrics()).toEqual({
      kv_cache_usage_ratio: null,
      requests_running: 1,
      requests_waiting: 2,
      tokens_generated_total: 9,
    });
    enabled = false;
    expect((await adapter.metrics()).tokens_generated_total).toBeNull();
  });

  it('numbers merged pieces once each, however many engine tokens they cover [WA-004]', async () => {
    const adapter = await adapterFor((_req, res) =>
      stream(res, chunk('é', { tokens: [200] }), chunk('!'), FINAL),
    );
    const events = await collect(adapter.complete(request()));
    expect(tokensOf(events).map((e) => [e.i, e.t])).toEqual([
      [0, 'é'],
      [1, '!'],
    ]);
  });
});
