// One streamed OpenAI chat request (POST /v1/chat/completions, stream: true), sent
// byte for byte the same to orchestratord or straight to the engine, so the two
// figures differ only in where the request goes. A token is a chunk whose delta
// carries non-empty content: the role chunk that opens both streams is not one.
import { Pool } from 'undici';
import { REQUEST_TIMEOUT_MS, expectStatus, timeTokens, type StreamRunner } from './stream-timing.js';

export interface ChatClient {
  /** Streams one chat reply of `maxTokens` tokens from `model`. */
  runner(model: string): StreamRunner;
  close(): Promise<void>;
}

function isContentChunk(line: string): boolean {
  if (!line.startsWith('data: {')) return false;
  const chunk = JSON.parse(line.slice(6)) as { choices?: { delta?: { content?: unknown } }[] };
  const content = chunk.choices?.[0]?.delta?.content;
  return typeof content === 'string' && content !== '';
}

export function chatClient(url: string, token: string | undefined, connections: number): ChatClient {
  const pool = new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
  };
  return {
    runner: (model) => async (maxTokens) => {
      const body = JSON.stringify({
        model,
        messages: [{ role: 'user', content: 'bench' }],
        max_tokens: maxTokens,
        seed: 1,
        temperature: 0,
        stream: true,
        stream_options: { include_usage: true },
      });
      const started = performance.now();
      const res = await pool.request({
        path: '/v1/chat/completions',
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await expectStatus(res, 200, `POST ${url}/v1/chat/completions`);
      return timeTokens(res.body, started, isContentChunk);
    },
    close: () => pool.close(),
  };
}
