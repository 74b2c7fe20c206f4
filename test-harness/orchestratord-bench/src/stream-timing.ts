// What every benchmark client measures on a streamed reply: when the first and
// the last token arrived, read off the SSE text as it comes off the socket. Each
// protocol only says which line is a token.
import type { Dispatcher } from 'undici';

export interface StreamTiming {
  ttftMs: number;
  /** Through orchestratord in two requests only: the POST /v1/tasks round trip before the stream opens. */
  admitMs?: number;
  firstAt: number;
  lastAt: number;
  tokens: number;
}

export type StreamRunner = (maxTokens: number) => Promise<StreamTiming>;

/** Runs `streams` requests at once. */
export function concurrent(
  runner: StreamRunner,
  streams: number,
  maxTokens: number,
): Promise<StreamTiming[]> {
  return Promise.all(Array.from({ length: streams }, () => runner(maxTokens)));
}

/** No single benchmark request may hang the run: the longest one streams for about 2 s. */
export const REQUEST_TIMEOUT_MS = 60_000;

/** Times the lines `isToken` accepts in an SSE body; `started` is when the request left. */
export async function timeTokens(
  body: Dispatcher.ResponseData['body'],
  started: number,
  isToken: (line: string) => boolean,
): Promise<StreamTiming> {
  let firstAt = 0;
  let lastAt = 0;
  let tokens = 0;
  let carry = '';
  body.setEncoding('utf8');
  for await (const chunk of body as AsyncIterable<string>) {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop() ?? '';
    const now = performance.now();
    for (const line of lines) {
      if (!isToken(line)) continue;
      if (tokens === 0) firstAt = now;
      lastAt = now;
      tokens += 1;
    }
  }
  if (tokens === 0) throw new Error('the stream ended without a token');
  return { ttftMs: firstAt - started, firstAt, lastAt, tokens };
}

/** Fails a request whose status is not the one the protocol answers with, quoting the body. */
export async function expectStatus(
  res: Dispatcher.ResponseData,
  status: number,
  what: string,
): Promise<void> {
  if (res.statusCode === status) return;
  const text = (await res.body.text()).slice(0, 300);
  throw new Error(`${what} answered ${res.statusCode} (expected ${status}): ${text}`);
}
