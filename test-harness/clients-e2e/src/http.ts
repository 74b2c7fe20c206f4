// The plain HTTP view the limit tests need beside the official SDKs: status,
// headers (Retry-After, X-Llorch-Priority-Lowered) and the parsed body of one
// request made with one client's key, exactly as a client would send it.
export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export type Call = (method: string, path: string, body?: unknown) => Promise<Answer>;

/** Requests against `url` with `token` as the bearer key. */
export function callerWith(url: string, token: string): Call {
  return async (method, path, body) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    if (text !== '') {
      try {
        parsed = JSON.parse(text) as Record<string, unknown>;
      } catch {
        parsed = { text };
      }
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
}

/** Retry-After in seconds, or NaN when the answer has none. */
export const retryAfterSeconds = (answer: Answer): number => Number(answer.headers.get('retry-after') ?? NaN);
