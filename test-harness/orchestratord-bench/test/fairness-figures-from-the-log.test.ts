// bench:fairness (issue 17): the light client's queue waits, the service time
// and the heavy backlog are read off the product's own task log lines (MET-028).
import { describe, expect, it } from 'vitest';
import { fairnessFigures, parseTaskLines } from '../src/fairness/log-figures.js';

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 30, service: 'orchestratord', job_id: `t${String(fields['at'])}`, ...fields });

/** One slot, 100 ms a task: heavy ends at 0, 100, …; light's tasks waited 40 and 160 ms. */
const LOG = [
  'orchestratord listening on http://127.0.0.1:1',
  line({ msg: 'task admitted', client: 'heavy', time: '2026-01-01T00:00:00.050Z', queue_position: 9 }),
  line({ msg: 'task ended', client: 'heavy', time: '2026-01-01T00:00:00.100Z', queue_ms: 900 }),
  line({ msg: 'task ended', client: 'light', time: '2026-01-01T00:00:00.200Z', queue_ms: 40 }),
  line({ msg: 'task admitted', client: 'heavy', time: '2026-01-01T00:00:00.250Z', queue_position: 11 }),
  line({ msg: 'task ended', client: 'heavy', time: '2026-01-01T00:00:00.300Z', queue_ms: 950 }),
  line({ msg: 'task ended', client: 'light', time: '2026-01-01T00:00:00.400Z', queue_ms: 160 }),
  line({ msg: 'task ended', client: 'heavy', time: '2026-01-01T00:00:00.500Z', queue_ms: 990 }),
  '{"not json',
];

describe('fairness figures from the task log', () => {
  it("takes the light client's waits from its end lines and the service time from the ends between them", () => {
    const figures = fairnessFigures(parseTaskLines(LOG), 'light', 'heavy');
    expect(figures.lightTasks).toBe(2);
    expect(figures.lightP50Ms).toBe(40);
    expect(figures.lightP95Ms).toBe(160);
    // Ends at 200, 300 and 400 ms: two intervals of 100 ms.
    expect(figures.served).toBe(3);
    expect(figures.serviceMs).toBe(100);
    // Only the heavy admission inside light's window counts.
    expect(figures.heavyBacklog).toBe(11);
  });

  it('reports no figures rather than zeros when the light client never finished a task', () => {
    const figures = fairnessFigures(parseTaskLines(LOG), 'nobody', 'heavy');
    expect(figures.lightTasks).toBe(0);
    expect(figures.lightP95Ms).toBeNaN();
    expect(figures.serviceMs).toBeNaN();
  });
});
