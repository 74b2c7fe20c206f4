// Fixture specs use made-up prefixes (ALPHA, BETA) so the real `pnpm trace`
// scan of this file never counts them as citations of real requirements.
import { describe, expect, it } from 'vitest';
import type { RequirementArea } from '../src/trace.js';
import { checkRequirements, parseSpec, renderRequirementIndex } from '../src/trace.js';

const AREAS: RequirementArea[] = [
  { prefix: 'ALPHA', file: 'alpha.md', title: 'alpha' },
  { prefix: 'BETA', file: 'beta.md', title: 'beta' },
];

const ALPHA_SPEC = [
  '# Alpha',
  '',
  'Intro prose that mentions ALPHA-009 is not a declaration.',
  '',
  '- **ALPHA-001** (MUST) The first thing happens.',
  '- **ALPHA-002** (SHOULD) A long requirement',
  '  that wraps onto a second line.',
  '- **ALPHA-003** (MAY) Optional behaviour.',
  '',
  '```md',
  '- **ALPHA-004** (MUST) Inside a code fence, so only an example.',
  '```',
].join('\n');

describe('requirement declarations', () => {
  it('parses the exact list-item form with id, level, line and text [OC-014]', () => {
    const { requirements, problems } = parseSpec('.specs/alpha.md', ALPHA_SPEC);
    expect(problems).toEqual([]);
    expect(requirements.map((r) => [r.id, r.level, r.line])).toEqual([
      ['ALPHA-001', 'MUST', 5],
      ['ALPHA-002', 'SHOULD', 6],
      ['ALPHA-003', 'MAY', 8],
    ]);
    expect(requirements[0]).toMatchObject({
      area: 'ALPHA',
      file: '.specs/alpha.md',
      text: 'The first thing happens.',
    });
  });

  it('joins indented continuation lines into the requirement text [OC-014]', () => {
    const { requirements } = parseSpec('.specs/alpha.md', ALPHA_SPEC);
    expect(requirements[1]?.text).toBe('A long requirement that wraps onto a second line.');
  });

  it('ignores examples inside fenced code blocks [OC-014]', () => {
    const { requirements } = parseSpec('.specs/alpha.md', ALPHA_SPEC);
    expect(requirements.map((r) => r.id)).not.toContain('ALPHA-004');
  });

  it.each([
    ['- **ALPHA-01** (MUST) two digits.'],
    ['- **ALPHA-001** MUST without parentheses.'],
    ['- **ALPHA-001** (MUSTNT) unknown level.'],
    ['* **ALPHA-001** (MUST) wrong bullet.'],
    ['- *ALPHA-001* (MUST) single asterisks.'],
  ])('reports a near-miss declaration instead of skipping it silently: %s [OC-014]', (line) => {
    const { requirements, problems } = parseSpec('.specs/alpha.md', `# Alpha\n\n${line}\n`);
    expect(requirements).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: '.specs/alpha.md', line: 3 });
    expect(problems[0]?.message).toContain('AREA-NNN');
  });
});

describe('cross-file checks', () => {
  it('reports a duplicate ID with both locations [OC-014]', () => {
    const a = parseSpec('.specs/alpha.md', '- **ALPHA-001** (MUST) One.\n- **ALPHA-001** (MAY) Again.\n');
    const problems = checkRequirements(a.requirements, AREAS);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('duplicate requirement ID ALPHA-001');
    expect(problems[0]?.message).toContain('.specs/alpha.md:1');
    expect(problems[0]?.line).toBe(2);
  });

  it('reports an ID declared outside its area file and an unknown prefix [OC-014]', () => {
    const b = parseSpec(
      '.specs/beta.md',
      '- **ALPHA-007** (MUST) Misplaced.\n- **GAMMA-001** (MUST) Unknown.\n',
    );
    const messages = checkRequirements(b.requirements, AREAS).map((p) => p.message);
    expect(messages).toEqual([
      expect.stringContaining('ALPHA-007 belongs in .specs/alpha.md'),
      expect.stringContaining('unknown area prefix GAMMA'),
    ]);
  });

  it('accepts a clean set of specs [OC-014]', () => {
    const a = parseSpec('.specs/alpha.md', ALPHA_SPEC);
    const b = parseSpec('.specs/beta.md', '- **BETA-001** (MUST) Fine.\n');
    expect(checkRequirements([...a.requirements, ...b.requirements], AREAS)).toEqual([]);
  });
});

describe('requirement index', () => {
  it('is sorted by area order then ID and identical whatever the input order [OC-016] [OC-014]', () => {
    const a = parseSpec('.specs/alpha.md', ALPHA_SPEC).requirements;
    const b = parseSpec(
      '.specs/beta.md',
      '- **BETA-002** (MUST) Two.\n- **BETA-001** (MAY) One.\n',
    ).requirements;
    const forward = renderRequirementIndex([...b, ...a], AREAS);
    const backward = renderRequirementIndex([...a, ...b].reverse(), AREAS);
    expect(forward).toBe(backward);
    const doc = JSON.parse(forward) as { requirements: Array<Record<string, unknown>> };
    expect(doc.requirements.map((r) => r.id)).toEqual([
      'ALPHA-001',
      'ALPHA-002',
      'ALPHA-003',
      'BETA-001',
      'BETA-002',
    ]);
    expect(Object.keys(doc.requirements[0] ?? {})).toEqual(['id', 'level', 'file', 'line', 'text']);
    expect(forward.endsWith('}\n')).toBe(true);
  });
});
