// MET-014, MET-015: the pure rules of a task's life. The only path to `running` is through
// `dispatching`, and `finished` is final, whatever events arrive and in whatever order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { taskTransition, type TaskEventType, type TaskPhaseType } from '../src/tasks/task-state.js';

const EVENTS: readonly TaskEventType[] = ['dispatch', 'accept', 'finish'];

const walk = (events: readonly TaskEventType[], from: TaskPhaseType = 'queued'): TaskPhaseType[] => {
  const seen: TaskPhaseType[] = [from];
  let phase = from;
  for (const event of events) {
    const step = taskTransition(phase, event);
    if (step.type === 'refused') throw new Error(`${event} refused in ${phase}`);
    phase = step.to;
    seen.push(phase);
  }
  return seen;
};

describe('task state machine', () => {
  it('runs queued → dispatching → running → finished [MET-014]', () => {
    expect(walk(['dispatch', 'accept', 'finish'])).toEqual(['queued', 'dispatching', 'running', 'finished']);
  });

  it('finishes from every live phase: cancel or deadline while queued, engine refusal while dispatching [MET-015]', () => {
    for (const from of ['queued', 'dispatching', 'running'] as const)
      expect(taskTransition(from, 'finish')).toEqual({ type: 'moved', from, to: 'finished' });
  });

  it('refuses shortcuts: no start without a slot, no second dispatch, no start twice [MET-014]', () => {
    expect(taskTransition('queued', 'accept').type).toBe('refused');
    expect(taskTransition('dispatching', 'dispatch').type).toBe('refused');
    expect(taskTransition('running', 'accept').type).toBe('refused');
    expect(taskTransition('running', 'dispatch').type).toBe('refused');
  });

  it('refuses every event once finished, so a task ends, starts and is counted at most once [MET-014, MET-015]', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EVENTS), { maxLength: 12 }), (events) => {
        let phase: TaskPhaseType = 'queued';
        let finishes = 0;
        let accepts = 0;
        for (const event of events) {
          const step = taskTransition(phase, event);
          if (step.type === 'refused') {
            expect(step.from).toBe(phase);
            continue;
          }
          if (step.to === 'finished') finishes += 1;
          if (event === 'accept') accepts += 1;
          // Nothing leaves finished, and running is only reached from dispatching.
          expect(phase).not.toBe('finished');
          if (step.to === 'running') expect(phase).toBe('dispatching');
          phase = step.to;
        }
        expect(finishes).toBeLessThanOrEqual(1);
        expect(accepts).toBeLessThanOrEqual(1);
      }),
    );
  });
});
