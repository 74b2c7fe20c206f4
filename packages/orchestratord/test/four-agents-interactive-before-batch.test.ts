// HOME-016: four agents share one workstation. Each submits and streams at the
// same time; on a single engine slot the order in which tasks get the slot is
// observable from their streams. Interactive work queued after batch work is
// served first, and the queued batch task still runs to its end once the
// interactive load stops (mock engine, paced tokens, strict priority).
import { afterEach, describe, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { startTestDaemon, taskBody, type LogSink } from './support/harness.js';
import { call, streamHeaders } from './support/client.js';
import { parsed, readSse, type SseMessage } from './support/sse-client.js';
import type { RunningOrchestratord } from '../src/index.js';

let daemon: (RunningOrchestratord & { logs: LogSink }) | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

interface AgentRun {
  name: string;
  opened: number;
  closed: number;
  messages: SseMessage[];
}

describe('four concurrent agents on one slot', () => {
  it('serves interactive before batch, streams all four at once, and finishes batch once interactive stops [HOME-016]', async () => {
    const adapter = createMockAdapter({ tokenDelayMs: 10, slotsTotal: 1 });
    daemon = await startTestDaemon({ pools: [{ id: 'mock', replicas: [adapter] }] });
    const d = daemon;
    const slotOrder: string[] = [];
    let clock = 0;

    const agent = async (
      name: string,
      priority: 'interactive' | 'batch',
      maxTokens: number,
      onFirstToken: () => void = () => undefined,
    ) => {
      const body = taskBody({ priority, max_tokens: maxTokens, prompt: `agent ${name} asks` });
      expect((await call(d.url, 'POST', '/v1/tasks', body)).status).toBe(202);
      const run: AgentRun = { name, opened: 0, closed: 0, messages: [] };
      let seenToken = false;
      const stream = await readSse(`${d.url}/v1/tasks/${String(body.task_id)}/stream`, {
        headers: streamHeaders,
        until: (messages) => {
          if (run.opened === 0 && messages.length > 0) run.opened = ++clock;
          if (!seenToken && messages.some((m) => m.event === 'token')) {
            seenToken = true;
            slotOrder.push(name);
            onFirstToken();
          }
          return false;
        },
      });
      run.closed = ++clock;
      run.messages = stream.messages;
      return run;
    };

    // Agent 1 holds the only slot with a long batch task...
    let holding!: () => void;
    const slotTaken = new Promise<void>((resolve) => (holding = resolve));
    const first = agent('batch-1', 'batch', 60, () => holding());
    await slotTaken;
    // ...while agent 2 queues batch work first, then agents 3 and 4 queue interactive work.
    const second = agent('batch-2', 'batch', 8);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const third = agent('interactive-1', 'interactive', 8);
    const fourth = agent('interactive-2', 'interactive', 8);
    const runs = await Promise.all([first, second, third, fourth]);

    expect(slotOrder).toEqual(['batch-1', 'interactive-1', 'interactive-2', 'batch-2']);
    // All four streams were open at once: every agent had its first frame before any stream closed.
    expect(Math.max(...runs.map((r) => r.opened))).toBeLessThan(Math.min(...runs.map((r) => r.closed)));
    for (const run of runs) {
      const events = run.messages.map((m) => m.event);
      expect(events.at(-1), run.name).toBe('end');
      expect(
        events.filter((e) => e === 'error'),
        run.name,
      ).toEqual([]);
      const tokens = events.filter((e) => e === 'token').length;
      expect(parsed(run.messages.at(-1)!), run.name).toMatchObject({ tokens_out: tokens });
    }
    expect(runs.find((r) => r.name === 'batch-2')!.messages.filter((m) => m.event === 'token')).toHaveLength(
      8,
    );
    expect(adapter.stats()).toMatchObject({ requestsTotal: 4, inFlight: 0 });
  });
});
