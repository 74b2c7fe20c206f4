// OC-027: the only way the Haiku run touches the product: its public HTTP API
// (data.yaml: POST /v1/tasks, GET /v1/tasks/{id}/stream; control.yaml: pool
// health, capabilities, /metrics), with the bearer token a user would send.
import { randomUUID } from 'node:crypto';

export interface Frame {
  id: string | undefined;
  event: string;
  data: Record<string, unknown>;
}

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface PublicApi {
  submit(task: Record<string, unknown>): Promise<HttpAnswer>;
  /** Reads the task's SSE stream until the daemon closes it. */
  stream(taskId: string): Promise<Frame[]>;
  get(path: string): Promise<HttpAnswer>;
  metrics(): Promise<string>;
}

export function publicApi(url: string, token: string): PublicApi {
  const auth = { authorization: `Bearer ${token}` };
  const json = async (res: Response): Promise<HttpAnswer> => {
    const text = await res.text();
    return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  };
  return {
    submit: async (task) =>
      json(
        await fetch(`${url}/v1/tasks`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify(task),
        }),
      ),
    async stream(taskId) {
      const res = await fetch(`${url}/v1/tasks/${taskId}/stream`, { headers: auth });
      if (res.status !== 200 || res.body === null) {
        throw new Error(`GET /v1/tasks/${taskId}/stream answered ${res.status}: ${await res.text()}`);
      }
      return parseSse(res.body as unknown as AsyncIterable<Uint8Array>);
    },
    get: async (path) => json(await fetch(`${url}${path}`, { headers: auth })),
    async metrics() {
      const res = await fetch(`${url}/metrics`, { headers: auth });
      if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
      return res.text();
    },
  };
}

async function parseSse(body: AsyncIterable<Uint8Array>): Promise<Frame[]> {
  const frames: Frame[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const lines = block.split('\n').filter((l) => !l.startsWith(':'));
      if (lines.length === 0) continue;
      const field = (name: string) =>
        lines.filter((l) => l.startsWith(`${name}:`)).map((l) => l.slice(name.length + 1).replace(/^ /, ''));
      frames.push({
        id: field('id')[0],
        event: field('event')[0] ?? 'message',
        data: JSON.parse(field('data').join('\n') || '{}') as Record<string, unknown>,
      });
    }
  }
  return frames;
}

/** Sum of a counter's samples in a Prometheus text exposition whose labels include `match`. */
export function counterSum(exposition: string, name: string, match: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of exposition.split('\n')) {
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (sample?.[1] !== name) continue;
    const labels = Object.fromEntries(
      [...(sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    if (Object.entries(match).every(([k, v]) => labels[k] === v)) sum += Number(sample[3]);
  }
  return sum;
}

/** A completion task as data.yaml describes it. */
export function completionTask(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    task_id: randomUUID(),
    session_id: randomUUID(),
    workload: 'completion',
    engine: 'llamacpp',
    priority: 'interactive',
    deadline_ms: 120_000,
    ...overrides,
  };
}
