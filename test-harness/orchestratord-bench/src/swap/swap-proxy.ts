// The baseline the swap benchmark compares against: what a plain proxy in front
// of the engines does (llama-swap style). Each request is forwarded to its
// model's engine; a model that is not loaded is loaded first, unloading the least
// recently loaded one when the memory holds no more (after its requests in
// flight end), one swap at a time. No queues, no plan. Two flavours: requests in
// arrival order, each swapping when its model is not loaded (swap on every model
// change), or the same letting requests for loaded models pass a waiting swap.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPoolClient } from '@llama-orch/contracts';
import { request } from 'undici';

export interface SwapProxy {
  readonly url: string;
  loads(): number;
  close(): Promise<void>;
}

export async function startSwapProxy(
  poolManagerd: string,
  token: string,
  capacity: number,
  /**
   * false: every request takes its turn in arrival order, swapping when its model is not loaded
   * (swap on every model change, issue 13's baseline); true: requests for a loaded model go straight
   * through while a swap waits, a smarter proxy.
   */
  bypass: boolean,
): Promise<SwapProxy> {
  const client = createPoolClient({ baseUrl: poolManagerd, token });
  const loaded: string[] = [];
  const inFlight = new Map<string, number>();
  let loads = 0;
  let swapping: Promise<void> = Promise.resolve();

  /** Each loaded model's engine, read once when it loads (as a proxy keeps its upstreams). */
  const endpoints = new Map<string, string>();
  const readEndpoint = async (model: string): Promise<void> => {
    const { data } = await client.GET('/v1/replicas');
    const endpoint = data?.replicas.find((r) => r.pool_id === model && r.state === 'Ready')?.endpoint;
    if (endpoint == null) throw new Error(`no Ready replica of ${model}`);
    endpoints.set(model, endpoint);
  };
  const drained = async (model: string): Promise<void> => {
    while ((inFlight.get(model) ?? 0) > 0) await new Promise((r) => setTimeout(r, 5));
  };
  /** Counts a request on the model's engine and returns the engine, in one step: no swap can fall between. */
  const acquire = (model: string): string => {
    inFlight.set(model, (inFlight.get(model) ?? 0) + 1);
    return endpoints.get(model)!;
  };
  /**
   * Resolves with the model's engine, the request already counted on it (the caller releases it).
   */
  const ensure = (model: string): Promise<string> => {
    if (bypass && loaded.includes(model)) return Promise.resolve(acquire(model));
    const step = swapping.then(async () => {
      if (!loaded.includes(model)) {
        if (loaded.length >= capacity) {
          const victim = loaded.shift()!;
          endpoints.delete(victim);
          await drained(victim);
          await client.POST('/v1/pools/{id}/unload', {
            params: { path: { id: victim } },
            body: { reason: 'make-room' },
          });
        }
        const { data } = await client.POST('/v1/pools/{id}/load', { params: { path: { id: model } } });
        if (data?.outcome === 'failed') throw new Error(`load of ${model} failed: ${data.reason ?? ''}`);
        loads += 1;
        await readEndpoint(model);
        loaded.push(model);
      }
      return acquire(model);
    });
    swapping = step.then(
      () => undefined,
      () => undefined,
    );
    return step;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const model = String((JSON.parse(body.toString('utf8')) as { model?: unknown }).model);
        const endpoint = await ensure(model);
        try {
          const upstream = await request(`${endpoint}${req.url ?? ''}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          res.writeHead(upstream.statusCode, {
            'content-type': String(upstream.headers['content-type'] ?? ''),
          });
          for await (const chunk of upstream.body) res.write(chunk);
          res.end();
        } finally {
          inFlight.set(model, (inFlight.get(model) ?? 1) - 1);
        }
      })().catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    loads: () => loads,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
