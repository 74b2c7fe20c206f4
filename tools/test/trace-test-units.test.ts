// Which test carries each citation, and whether that test runs: vitest calls
// and cucumber scenarios, over fixture text with made-up prefixes.
import { describe, expect, it } from 'vitest';
import { citationsInFile, parseTestUnits } from '../src/trace.js';

const ts = (...lines: string[]) => lines.join('\n');
const brief = (file: string, text: string) =>
  citationsInFile(file, text, ['ALPHA']).map((c) => ({
    id: c.id,
    titles: c.titles,
    state: c.state,
    ...(c.condition === undefined ? {} : { condition: c.condition }),
  }));

describe('tests behind citations in a vitest file', () => {
  it('ties a citation to the innermost test or suite around it, and a header to the file [OC-015]', () => {
    const text = ts(
      '// ALPHA-001: header',
      "describe('queue [ALPHA-002]', () => {",
      "  it('keeps order [ALPHA-003]', () => {",
      '    // also ALPHA-004',
      '  });',
      "  it.each([1, 2])('drops %s [ALPHA-005]', () => {});",
      '});',
    );
    expect(brief('a.test.ts', text)).toEqual([
      { id: 'ALPHA-001', titles: undefined, state: 'runs' },
      { id: 'ALPHA-002', titles: ['queue [ALPHA-002]'], state: 'runs' },
      { id: 'ALPHA-003', titles: ['queue [ALPHA-002]', 'keeps order [ALPHA-003]'], state: 'runs' },
      { id: 'ALPHA-004', titles: ['queue [ALPHA-002]', 'keeps order [ALPHA-003]'], state: 'runs' },
      { id: 'ALPHA-005', titles: ['queue [ALPHA-002]', 'drops %s [ALPHA-005]'], state: 'runs' },
    ]);
  });

  it('marks skipped, todo and x-prefixed tests, and what a skipped suite holds, as skipped [OC-015]', () => {
    const text = ts(
      "it.skip('a [ALPHA-001]', () => {});",
      "it.todo('b [ALPHA-002]');",
      "xit('c [ALPHA-003]', () => {});",
      "describe.skip('d', () => { it('e [ALPHA-004]', () => {}); });",
      "it.skipIf(true)('f [ALPHA-005]', () => {});",
      "it.runIf(false)('g [ALPHA-006]', () => {});",
      "it.skipIf(false).each([1])('h [ALPHA-007]', () => {});",
    );
    expect(brief('a.test.ts', text).map((c) => `${c.id} ${c.state}`)).toEqual([
      'ALPHA-001 skipped',
      'ALPHA-002 skipped',
      'ALPHA-003 skipped',
      'ALPHA-004 skipped',
      'ALPHA-005 skipped',
      'ALPHA-006 skipped',
      'ALPHA-007 runs',
    ]);
  });

  it('marks tests that skip on a condition or at run time as conditional, naming why [OC-015]', () => {
    const text = ts(
      "describe.skipIf(!REAL)('real engines', () => {",
      "  it('streams [ALPHA-001]', () => {});",
      '});',
      "it.runIf(kind.chat)('chats [ALPHA-002]', () => {});",
      "it('scrapes [ALPHA-003]', (ctx) => { if (!tool) ctx.skip(); });",
    );
    expect(brief('a.test.ts', text)).toEqual([
      {
        id: 'ALPHA-001',
        titles: ['real engines', 'streams [ALPHA-001]'],
        state: 'conditional',
        condition: 'skipIf(!REAL)',
      },
      { id: 'ALPHA-002', titles: ['chats [ALPHA-002]'], state: 'conditional', condition: 'runIf(kind.chat)' },
      {
        id: 'ALPHA-003',
        titles: ['scrapes [ALPHA-003]'],
        state: 'conditional',
        condition: 'calls skip() at run time',
      },
    ]);
  });

  it('counts a header citation only when some test in the file runs [OC-015]', () => {
    const skippedOnly = ts(
      '// ALPHA-001',
      "it.skip('a', () => {});",
      "describe.skip('b', () => { it('c', () => {}); });",
    );
    expect(brief('a.test.ts', skippedOnly)).toEqual([
      { id: 'ALPHA-001', titles: undefined, state: 'skipped' },
    ]);
    const helper = ts('// ALPHA-002: shared setup', 'export const port = 0;');
    expect(brief('test/support/setup.ts', helper)).toEqual([
      { id: 'ALPHA-002', titles: undefined, state: 'skipped', condition: 'no tests in this file' },
    ]);
  });

  it('finds titles on a wrapped call and ignores look-alike calls [OC-015]', () => {
    const text = ts(
      'const it2 = test.extend({});',
      'it(',
      "  'wrapped title [ALPHA-001]',",
      '  async () => {},',
      ');',
    );
    expect(parseTestUnits('a.test.ts', text)).toEqual([
      { kind: 'test', titles: ['wrapped title [ALPHA-001]'], start: 2, end: 5, state: 'runs' },
    ]);
  });
});

describe('tests behind citations in a cucumber feature', () => {
  const feature = ts(
    '@ALPHA-001',
    'Feature: data plane',
    '  Agents submit tasks.',
    '',
    '  @ALPHA-002 @ALPHA-003',
    '  Scenario: streams tokens',
    '    Given a task',
    '',
    '  @skip @ALPHA-004',
    '  Scenario: cancels',
    '    When I cancel',
  );

  it('gives tags to the scenario or feature below them, and skips @skip scenarios [OC-015]', () => {
    expect(brief('x/features/a.feature', feature)).toEqual([
      { id: 'ALPHA-001', titles: ['data plane'], state: 'runs' },
      { id: 'ALPHA-002', titles: ['data plane', 'streams tokens'], state: 'runs' },
      { id: 'ALPHA-003', titles: ['data plane', 'streams tokens'], state: 'runs' },
      { id: 'ALPHA-004', titles: ['data plane', 'cancels'], state: 'skipped' },
    ]);
  });

  it('spans each scenario from its tags to the line before the next one [OC-015]', () => {
    expect(
      parseTestUnits('x/features/a.feature', feature).map((u) => [u.titles.at(-1), u.start, u.end]),
    ).toEqual([
      ['data plane', 1, 11],
      ['streams tokens', 5, 8],
      ['cancels', 9, 11],
    ]);
  });
});
