// Rows as the benchmark measures them, echoed as they come and printed again at
// the end as one summary: the goal table, each row naming the engine it ran on,
// then any further tables (the real-engine comparison, issue 15 item 4). Goal rows
// (goals.ts) carry the number they are judged on; the summary marks each met or MISSED.
import { GOAL_ROWS, goalText, meets } from './goals.js';

interface Row {
  name: string;
  engine: string;
  value: string;
  goal: string;
  verdict: '' | 'met' | 'MISSED';
}

/** A table of its own in the summary: report only, no goal. */
export interface ReportTable {
  title: string;
  columns: readonly string[];
  rows: readonly (readonly string[])[];
}

export interface Report {
  /** The engine the rows reported from now on ran on ('' for rows about no engine). */
  useEngine(label: string): void;
  /** `measured` is required for a goal row and ignored elsewhere. */
  row(name: string, value: string, measured?: number): void;
  table(table: ReportTable): void;
  /** The summary as printed: the goal table, then every further table in the order reported. */
  summaryLines(): string[];
  printSummary(): void;
  /** Goal rows that missed or were never measured, each with why. */
  misses(): string[];
}

/** A Markdown table: a header row, its rule, then one line per row. */
export function markdownTable(columns: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(columns), line(columns.map(() => '---')), ...rows.map(line)];
}

export function createReport(): Report {
  const rows: Row[] = [];
  const tables: ReportTable[] = [];
  const missed: string[] = [];
  let engine = '';
  const tableLines = (t: ReportTable): string[] => ['', t.title, ...markdownTable(t.columns, t.rows)];
  return {
    useEngine(label) {
      engine = label;
    },
    row(name, value, measured) {
      const goal = GOAL_ROWS[name];
      let verdict: Row['verdict'] = '';
      if (goal !== undefined) {
        if (measured === undefined) throw new Error(`goal row "${name}" reported without its figure`);
        verdict = meets(goal, measured) ? 'met' : 'MISSED';
        if (verdict === 'MISSED') missed.push(`${name}: ${value} (goal ${goalText(goal)})`);
      }
      const goalCell = goal === undefined ? '' : goalText(goal);
      rows.push({ name, engine, value, goal: goalCell, verdict });
      console.log(`  ${name}: ${value}${goal === undefined ? '' : `   (goal ${goalCell}: ${verdict})`}`);
    },
    table(t) {
      tables.push(t);
      for (const line of tableLines(t)) console.log(`  ${line}`);
    },
    summaryLines() {
      return [
        '',
        'summary',
        ...markdownTable(
          ['measurement', 'engine', 'value', 'goal', 'verdict'],
          rows.map((r) => [r.name, r.engine, r.value, r.goal, r.verdict]),
        ),
        ...tables.flatMap(tableLines),
      ];
    },
    printSummary() {
      console.log(this.summaryLines().join('\n'));
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
