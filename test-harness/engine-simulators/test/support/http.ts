// Tiny HTTP helpers for the simulator protocol tests: they read raw bytes so the
// tests can assert framing exactly as a client would receive it.

export async function postRaw(
  url: string,
  body: unknown,
): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

export async function getRaw(url: string): Promise<{ status: number; text: string; length: string | null }> {
  const response = await fetch(url);
  return {
    status: response.status,
    text: await response.text(),
    length: response.headers.get('content-length'),
  };
}

/** Splits an SSE body into its raw event blocks (without the blank-line separators). */
export function sseBlocks(text: string): string[] {
  return text.split('\n\n').filter((block) => block !== '');
}

/** The JSON payloads of `data: ` / `data:` events, [DONE] excluded. */
export function sseJson(text: string): Array<Record<string, unknown>> {
  return sseBlocks(text)
    .map((block) => block.replace(/^data: ?/, ''))
    .filter((data) => data !== '[DONE]')
    .map((data) => JSON.parse(data) as Record<string, unknown>);
}

/** Connection-level outcome of a GET: the status, or the socket error code (e.g. ECONNREFUSED). */
export async function probe(url: string): Promise<number | string> {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? String(error);
  }
}

/**
 * Opens a streaming POST and reads until `count` events arrived; returns the
 * controller (abort = client disconnect) and a reader for what follows.
 */
export async function openStream(url: string, body: unknown) {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  if (response.body === null) throw new Error('stream response without a body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  return {
    controller,
    status: response.status,
    /** Resolves with the raw text once `count` complete events arrived, or rejects on a broken stream. */
    async events(count: number): Promise<string> {
      while (sseBlocks(buffered).length < count || !buffered.endsWith('\n\n')) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
      }
      return buffered;
    },
    /** Reads until the body ends; rejects when the connection broke instead. */
    async rest(): Promise<string> {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return buffered;
        buffered += decoder.decode(value, { stream: true });
      }
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds or `ms` passed; returns the last value seen. */
export async function waitFor<T>(
  ms: number,
  read: () => Promise<T>,
  check: (value: T) => boolean,
): Promise<T> {
  const until = Date.now() + ms;
  let value = await read();
  while (!check(value) && Date.now() < until) {
    await sleep(50);
    value = await read();
  }
  return value;
}
