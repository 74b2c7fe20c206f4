// Provider states, each set up through the daemon's public API with real
// inputs (submit, stream, register, store), never by reaching into its
// internals, so the verified behaviour is the behaviour users get.
import { randomUUID } from 'node:crypto';
import { createControlClient, createDataClient, type TaskRequest } from '@llama-orch/contracts';
import { IDS, PLAN_CONTENT, POOLS, SHA256, STATES } from './pact-shared.js';
import type { ProviderDaemon } from './provider-daemon.js';

type StateFunc = (params?: unknown) => Promise<Record<string, string> | undefined>;
/** Pact's state handler shape: a function, or setup/teardown for states that hold resources. */
export type ProviderStateHandlers = Record<string, StateFunc | { setup: StateFunc; teardown: StateFunc }>;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ProviderStates {
  handlers: ProviderStateHandlers;
  /** Pact only logs a failing state handler and goes on; the test asserts this stays empty. */
  failures: string[];
}

function guarded(handlers: ProviderStateHandlers, failures: string[]): ProviderStateHandlers {
  const wrap =
    (name: string, fn: StateFunc): StateFunc =>
    async (params) => {
      try {
        return await fn(params);
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
        throw error;
      }
    };
  return Object.fromEntries(
    Object.entries(handlers).map(([name, h]) => [
      name,
      typeof h === 'function'
        ? wrap(name, h)
        : { setup: wrap(name, h.setup), teardown: wrap(name, h.teardown) },
    ]),
  );
}

export function providerStates(daemon: ProviderDaemon): ProviderStates {
  const options = { baseUrl: daemon.url, token: daemon.token };
  const data = createDataClient(options);
  const control = createControlClient(options);
  const held: string[] = [];

  const task = (overrides: Partial<TaskRequest>): TaskRequest => ({
    task_id: randomUUID(),
    session_id: randomUUID(),
    workload: 'completion',
    model_ref: POOLS.served,
    engine: 'llamacpp',
    ctx: 512,
    priority: 'interactive',
    prompt: 'the',
    max_tokens: 16,
    deadline_ms: 120_000,
    ...overrides,
  });

  async function submit(body: TaskRequest): Promise<void> {
    const { response, error } = await data.POST('/v1/tasks', { body });
    if (response.status !== 202)
      throw new Error(`state setup: POST /v1/tasks answered ${response.status}: ${JSON.stringify(error)}`);
  }

  /** Reads the task's stream until `until` has been seen (the terminal frame by default). */
  async function follow(taskId: string, until = /\nevent: (end|error)\n/): Promise<void> {
    const { data: body, response } = await data.GET('/v1/tasks/{id}/stream', {
      params: { path: { id: taskId } },
      parseAs: 'stream',
    });
    if (!response.ok || body === undefined || body === null)
      throw new Error(`state setup: stream of ${taskId} answered ${response.status}`);
    const reader = (body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
      if (until.test(text)) break;
    }
    await reader.cancel();
  }

  async function poolReady(poolId: string): Promise<void> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { data: health } = await control.GET('/v1/pools/{id}/health', {
        params: { path: { id: poolId } },
      });
      if (health?.ready === true) return;
      if (Date.now() > deadline)
        throw new Error(
          `state setup: pool ${poolId} is not Ready: ${JSON.stringify(health)}\n${daemon.log()}`,
        );
      await pause(250);
    }
  }

  async function cancelHeld(): Promise<undefined> {
    for (const id of held.splice(0)) await data.POST('/v1/tasks/{id}/cancel', { params: { path: { id } } });
    return undefined;
  }

  const failures: string[] = [];
  const handlers: ProviderStateHandlers = {
    [STATES.poolReady]: async () => {
      await poolReady(POOLS.served);
      return undefined;
    },
    [STATES.taskFinished]: async () => {
      const body = task({ task_id: IDS.finishedTask });
      await submit(body);
      await follow(body.task_id);
      return undefined;
    },
    [STATES.taskRunning]: {
      setup: async () => {
        await poolReady(POOLS.slow);
        const body = task({ task_id: IDS.runningTask, model_ref: POOLS.slow, max_tokens: 200 });
        await submit(body);
        held.push(body.task_id);
        await follow(body.task_id, /\nevent: token\n/);
        return undefined;
      },
      teardown: cancelHeld,
    },
    [STATES.sessionWithTurn]: async () => {
      const body = task({ session_id: IDS.sessionWithTurn });
      await submit(body);
      await follow(body.task_id);
      return undefined;
    },
    [STATES.queueFull]: {
      setup: async () => {
        await poolReady(POOLS.busy);
        // One task takes the only slot, the next one the only queue place.
        const running = task({ model_ref: POOLS.busy, max_tokens: 50 });
        await submit(running);
        held.push(running.task_id);
        await follow(running.task_id, /\nevent: token\n/);
        const queued = task({ model_ref: POOLS.busy, max_tokens: 50 });
        await submit(queued);
        held.push(queued.task_id);
        return undefined;
      },
      teardown: cancelHeld,
    },
    [STATES.modelAbsent]: async () => undefined,
    [STATES.modelRegistered]: async (params?: unknown) => {
      const id = String((params as { id?: unknown } | undefined)?.id ?? 'pact-model');
      const { response } = await control.POST('/v1/catalog/models', {
        body: {
          id,
          digest: SHA256,
          source_url: `https://example.org/models/${id}.gguf`,
          trust_policy: 'permissive',
        },
      });
      if (!response.ok) throw new Error(`state setup: registering ${id} answered ${response.status}`);
      return undefined;
    },
    [STATES.drainReady]: async () => {
      await poolReady(POOLS.drain);
      return undefined;
    },
    [STATES.reloadReady]: async () => {
      await poolReady(POOLS.reload);
      return undefined;
    },
    [STATES.artifactStored]: async () => {
      const { data: stored, response } = await control.POST('/v1/artifacts', {
        body: { kind: 'plan', content: PLAN_CONTENT, tags: ['pact'] },
      });
      if (stored === undefined)
        throw new Error(`state setup: storing the artifact answered ${response.status}`);
      return { artifactId: stored.id };
    },
  };
  return { handlers: guarded(handlers, failures), failures };
}
