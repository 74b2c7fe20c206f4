// Rows as the benchmark measures them, echoed as they come and printed again as
// one summary table at the end. Goal rows (goals.ts) carry the number they are
// judged on; the summary marks each met or MISSED.
import { GOAL_ROWS, goalText, meets } from './goals.js';

interface Row {
  name: string;
  value: string;
  goal: string;
  verdict: '' | 'met' | 'MISSED';
}

export interface Report {
  /** `measured` is required for a goal row and ignored elsewhere. */
  row(name: string, value: string, measured?: number): void;
  printSummary(): void;
  /** Goal rows that missed or were never measured, each with why. */
  misses(): string[];
}

export function createReport(): Report {
  const rows: Row[] = [];
  const missed: string[] = [];
  return {
    row(name, value, measured) {
      const goal = GOAL_ROWS[name];
      let verdict: Row['verdict'] = '';
      if (goal !== undefined) {
        if (measured === undefined) throw new Error(`goal row "${name}" reported without its figure`);
        verdict = meets(goal, measured) ? 'met' : 'MISSED';
        if (verdict === 'MISSED') missed.push(`${name}: ${value} (goal ${goalText(goal)})`);
      }
      const goalCell = goal === undefined ? '' : goalText(goal);
      rows.push({ name, value, goal: goalCell, verdict });
      console.log(`  ${name}: ${value}${goal === undefined ? '' : `   (goal ${goalCell}: ${verdict})`}`);
    },
    printSummary() {
      console.log('\nsummary');
      console.log('| measurement | value | goal | verdict |');
      console.log('|---|---|---|---|');
      for (const r of rows) console.log(`| ${r.name} | ${r.value} | ${r.goal} | ${r.verdict} |`);
    },
    misses() {
      const seen = new Set(rows.map((r) => r.name));
      const unmeasured = Object.entries(GOAL_ROWS)
        .filter(([name]) => !seen.has(name))
        .map(([name, goal]) => `${name}: not measured (goal ${goalText(goal)})`);
      return [...missed, ...unmeasured];
    },
  };
}
