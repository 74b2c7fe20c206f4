// Issue 15 item 4: the bench's summary says which engine each row used, and prints
// the real-engine comparison as a table of its own after the goal table.
import { describe, expect, it } from 'vitest';
import { createReport, markdownTable } from '../src/report.js';

describe('the bench summary', () => {
  it('names the engine each row ran on', () => {
    const report = createReport();
    report.row('setup note', 'ok');
    report.useEngine('paced simulator (1000 tok/s, 256 slots)');
    report.row('relay rate ratio', '0.990', 0.99);
    const lines = report.summaryLines();
    expect(lines).toContain('| measurement | engine | value | goal | verdict |');
    expect(lines).toContain('| setup note |  | ok |  |  |');
    expect(lines).toContain(
      '| relay rate ratio | paced simulator (1000 tok/s, 256 slots) | 0.990 | >= 0.95 | met |',
    );
  });

  it('prints further tables after the goal table, in the order reported', () => {
    const report = createReport();
    report.row('setup note', 'ok');
    report.table({ title: 'real engine', columns: ['engine', 'path'], rows: [['llama-server', 'direct']] });
    const lines = report.summaryLines();
    const at = lines.indexOf('real engine');
    expect(at).toBeGreaterThan(lines.indexOf('| setup note |  | ok |  |  |'));
    expect(lines.slice(at + 1)).toEqual(['| engine | path |', '| --- | --- |', '| llama-server | direct |']);
  });

  it('a Markdown table has one rule cell per column', () => {
    expect(markdownTable(['a', 'b', 'c'], [])).toEqual(['| a | b | c |', '| --- | --- | --- |']);
  });
});
