// Fair share between clients on the real product [CFG-033, CORE-080, CORE-081, CORE-083]: a heavy
// client queues a backlog of batch tasks on tiny-random (one llama-server
// replica with one slot, so tasks run one at a time), then a light client sends
// one batch task. With fair_share true the light task starts within about two
// of the heavy client's tasks; with fair_share false it waits behind the whole
// backlog, first in first out. Judged on the order of starts (the order of the
// `task ended` lines on the one slot, read from the daemon's own log), never on
// wall-clock thresholds.
import { afterEach, describe, expect, it } from 'vitest';
import { completionTask, publicApi } from '@llama-orch/haiku-e2e';
import { REQUIRED, SKIPPED, startClientsProduct, type ClientsProduct } from '../src/clients-product.js';
import { lifeOf, overtaking, taskLines, type Overtaking } from '../src/task-log.js';

const BACKLOG = 16;
/** Enough tokens that the backlog outlasts the submissions by far (tens of ms per task on this CPU). */
const MAX_TOKENS = 600;

let run: ClientsProduct | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const batchTask = () =>
  completionTask({
    model_ref: 'tiny-random',
    ctx: 2048,
    prompt: 'Go on.',
    max_tokens: MAX_TOKENS,
    priority: 'batch',
  });

/** Heavy's backlog, then light's one task; every stream read to its end. How light fared. */
async function backlogThenLight(fairShare: boolean): Promise<Overtaking> {
  run = await startClientsProduct({ fairShare, clients: [{ name: 'heavy' }, { name: 'light' }] });
  const product = run;
  const heavy = Array.from({ length: BACKLOG }, batchTask);
  const admitted = await Promise.all(heavy.map((task) => product.as('heavy')('POST', '/v1/tasks', task)));
  const refused = admitted.filter((a) => a.status !== 202);
  expect(refused.map((a) => `${a.status} ${JSON.stringify(a.body)}`)).toEqual([]);
  const light = batchTask();
  expect((await product.as('light')('POST', '/v1/tasks', light)).status).toBe(202);
  const stream = (name: string, task: Record<string, unknown>) =>
    publicApi(product.url, product.keys.token(name)).stream(String(task['task_id']));
  const ends = await Promise.all([...heavy.map((t) => stream('heavy', t)), stream('light', light)]);
  expect(ends.map((frames) => frames.at(-1)?.event)).toEqual([...heavy, light].map(() => 'end'));
  const ids = heavy.map((t) => String(t['task_id']));
  const lightId = String(light['task_id']);
  // The log is written asynchronously: wait until every task's end line is in.
  const deadline = Date.now() + 5_000;
  for (;;) {
    const lines = taskLines(product.product.output);
    try {
      [lightId, ...ids].forEach((id) => lifeOf(lines, id));
      const own = lifeOf(lines, lightId);
      expect([own.admitted.client, own.ended.client]).toEqual(['light', 'light']);
      return overtaking(lines, lightId, ids);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe.skipIf(!REQUIRED)(`fair share on real engines${REQUIRED ? '' : ` (${SKIPPED})`}`, () => {
  it('fair_share true: the light task starts within two of the heavy backlog, not behind it [CFG-033, CORE-081]', async () => {
    const fared = await backlogThenLight(true);
    // The test says something only if a real backlog stood in front of the light task.
    expect(fared.aheadAtAdmission, 'heavy tasks waiting when light arrived').toBeGreaterThanOrEqual(8);
    // The heavy task running when light arrived, and at most two started after it.
    expect(fared.ranBefore).toBeLessThanOrEqual(3);
    expect(fared.overtook).toBeGreaterThanOrEqual(fared.aheadAtAdmission - 3);
  });

  it('fair_share false: the light task waits behind the whole backlog, first in first out [CFG-033, CORE-083]', async () => {
    const fared = await backlogThenLight(false);
    expect(fared.aheadAtAdmission, 'heavy tasks waiting when light arrived').toBeGreaterThanOrEqual(8);
    expect(fared.overtook).toBe(0);
    expect(fared.ranBefore).toBe(fared.aheadAtAdmission);
  });
});
