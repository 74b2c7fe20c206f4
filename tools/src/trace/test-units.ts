// OC-015: a citation is only as good as the test that carries it. This module
// finds the tests (vitest `describe`/`it`/`test` calls, cucumber scenarios) in
// a test file, with their titles, line spans and whether they are skipped, so
// that `pnpm trace` can name the test behind every citation and refuse to
// count a requirement that only skipped tests cite.
// Pure: file text in, test units out.
import ts from 'typescript';

/** `skipped`: never runs (`.skip`, `.todo`, `x…`, `@skip`); `conditional`: runs only when a condition holds. */
export type SkipState = 'runs' | 'conditional' | 'skipped';

export interface TestUnit {
  kind: 'suite' | 'test';
  /** Titles from the outermost suite down to this unit. */
  titles: string[];
  /** 1-based, inclusive line span of the call or scenario (tags included). */
  start: number;
  end: number;
  /** Own state combined with every enclosing suite's. */
  state: SkipState;
  /** Why a conditional unit may not run, e.g. `skipIf(!REQUIRED)`. */
  condition?: string;
}

const SUITES = new Set(['describe', 'suite']);
const TESTS = new Set(['it', 'test']);
const ALWAYS_SKIPPED = new Set(['xit', 'xtest', 'xdescribe']);
/** Cucumber tags that mean "not ready"; a scenario carrying one is never counted. */
export const SKIP_TAGS: readonly string[] = ['@skip', '@wip', '@ignore', '@todo'];

const rank: Record<SkipState, number> = { runs: 0, conditional: 1, skipped: 2 };
const worse = (a: SkipState, b: SkipState): SkipState => (rank[a] >= rank[b] ? a : b);

interface Callee {
  kind: 'suite' | 'test';
  state: SkipState;
  condition?: string;
}

/** Reads `it`, `it.skip`, `describe.each(t)`, `it.skipIf(c)`, `it.concurrent.runIf(c)`… */
function readCallee(expr: ts.Expression, source: ts.SourceFile): Callee | undefined {
  const modifiers: { name: string; arg?: ts.Expression }[] = [];
  let node: ts.Expression = expr;
  for (;;) {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      modifiers.push({ name: node.expression.name.text, arg: node.arguments[0] });
      node = node.expression.expression;
    } else if (ts.isPropertyAccessExpression(node)) {
      modifiers.push({ name: node.name.text });
      node = node.expression;
    } else break;
  }
  if (!ts.isIdentifier(node)) return undefined;
  const base = node.text;
  let kind: 'suite' | 'test';
  let state: SkipState = 'runs';
  if (ALWAYS_SKIPPED.has(base)) {
    kind = base === 'xdescribe' ? 'suite' : 'test';
    state = 'skipped';
  } else if (SUITES.has(base)) kind = 'suite';
  else if (TESTS.has(base)) kind = 'test';
  else return undefined;
  let condition: string | undefined;
  for (const m of modifiers) {
    if (m.name === 'skip' || m.name === 'todo') state = 'skipped';
    else if ((m.name === 'skipIf' || m.name === 'runIf') && m.arg) {
      const literal = m.arg.kind === ts.SyntaxKind.TrueKeyword || m.arg.kind === ts.SyntaxKind.FalseKeyword;
      if (literal) {
        const isTrue = m.arg.kind === ts.SyntaxKind.TrueKeyword;
        if (isTrue === (m.name === 'skipIf')) state = 'skipped';
      } else {
        state = worse(state, 'conditional');
        condition = `${m.name}(${m.arg.getText(source)})`;
      }
    } else if (!['only', 'each', 'concurrent', 'sequential', 'fails', 'for', 'shuffle'].includes(m.name)) {
      return undefined; // e.g. `test.extend(...)`, `it.fn` — not a test declaration
    }
  }
  return condition === undefined ? { kind, state } : { kind, state, condition };
}

function titleOf(arg: ts.Expression | undefined, source: ts.SourceFile): string {
  if (!arg) return '(untitled)';
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return arg.text;
  if (ts.isTemplateExpression(arg)) return arg.getText(source).slice(1, -1);
  return arg.getText(source);
}

/** True when a test body calls `ctx.skip()` / `context.skip()`: it may skip at run time. */
function skipsAtRunTime(body: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      n.expression.name.text === 'skip' &&
      ts.isIdentifier(n.expression.expression) &&
      !SUITES.has(n.expression.expression.text) &&
      !TESTS.has(n.expression.expression.text)
    ) {
      found = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
  return found;
}

function parseTypeScriptUnits(file: string, text: string): TestUnit[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const units: TestUnit[] = [];
  const visit = (node: ts.Node, parents: string[], inherited: SkipState, inheritedWhy?: string): void => {
    // `it.each(table)` and `it.skipIf(c)` are only parts of the callee of the real declaration.
    const partOfCallee =
      node.parent !== undefined &&
      (ts.isCallExpression(node.parent) || ts.isPropertyAccessExpression(node.parent)) &&
      node.parent.expression === node;
    if (ts.isCallExpression(node) && !partOfCallee) {
      const callee = readCallee(node.expression, source);
      if (callee) {
        const titles = [...parents, titleOf(node.arguments[0], source)];
        let state = worse(inherited, callee.state);
        let condition = callee.condition ?? inheritedWhy;
        const body = node.arguments[1];
        if (callee.kind === 'test' && body && state === 'runs' && skipsAtRunTime(body)) {
          state = 'conditional';
          condition = 'calls skip() at run time';
        }
        if (callee.kind === 'test' && body === undefined) state = 'skipped'; // `it('…')` with no body is a todo
        const unit: TestUnit = {
          kind: callee.kind,
          titles,
          start: lineOf(node.getStart(source)),
          end: lineOf(node.getEnd()),
          state,
        };
        if (state !== 'runs' && condition !== undefined) unit.condition = condition;
        units.push(unit);
        ts.forEachChild(node, (child) => visit(child, titles, state, unit.condition));
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, parents, inherited, inheritedWhy));
  };
  visit(source, [], 'runs');
  return units;
}

const GHERKIN_SUITE = /^\s*(Feature|Rule):\s*(.*)$/;
const GHERKIN_TEST = /^\s*(Scenario Outline|Scenario Template|Scenario|Example):\s*(.*)$/;

/** Feature and Rule are suites, scenarios are tests; tags above a keyword belong to its span. */
function parseFeatureUnits(text: string): TestUnit[] {
  const lines = text.split(/\r?\n/);
  const units: TestUnit[] = [];
  let pendingTags: string[] = [];
  let pendingStart: number | undefined;
  let feature: TestUnit | undefined;
  let rule: TestUnit | undefined;
  let scenario: TestUnit | undefined;
  const stateFor = (tags: readonly string[]): SkipState =>
    tags.some((t) => SKIP_TAGS.includes(t.toLowerCase())) ? 'skipped' : 'runs';
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed.startsWith('@')) {
      pendingStart ??= line;
      pendingTags.push(...trimmed.split(/\s+/).filter((t) => t.startsWith('@')));
      return;
    }
    const suite = GHERKIN_SUITE.exec(raw);
    const test = GHERKIN_TEST.exec(raw);
    if (suite || test) {
      const start = pendingStart ?? line;
      if (scenario) scenario.end = start - 1;
      const [, keyword = '', name = ''] = (suite ?? test)!;
      if (keyword === 'Rule' && rule) rule.end = start - 1;
      const parent = keyword === 'Feature' ? undefined : test && rule ? rule : feature;
      const unit: TestUnit = {
        kind: suite ? 'suite' : 'test',
        titles: [...(parent?.titles ?? []), name.trim() || `(${keyword})`],
        start,
        end: lines.length,
        state: worse(parent?.state ?? 'runs', stateFor(pendingTags)),
      };
      units.push(unit);
      if (keyword === 'Feature') feature = unit;
      else if (keyword === 'Rule') rule = unit;
      scenario = test ? unit : undefined;
      pendingTags = [];
      pendingStart = undefined;
      return;
    }
    if (trimmed !== '' && !trimmed.startsWith('#')) pendingStart = undefined;
  });
  return units;
}

/** The suites and tests declared in one test file. */
export function parseTestUnits(file: string, text: string): TestUnit[] {
  return file.endsWith('.feature') ? parseFeatureUnits(text) : parseTypeScriptUnits(file, text);
}

/** The innermost unit whose span holds `line`, or undefined for file-level text (header comments, helpers). */
export function unitAt(units: readonly TestUnit[], line: number): TestUnit | undefined {
  let best: TestUnit | undefined;
  for (const u of units) {
    if (u.start <= line && line <= u.end && (!best || u.end - u.start <= best.end - best.start)) best = u;
  }
  return best;
}

/**
 * How a citation at `line` counts: a test counts as itself; a suite, or the
 * whole file (a header comment), counts as its best-running test inside it.
 * A file with no tests at all (a helper or step definitions) counts as
 * `skipped`: it checks nothing by itself.
 */
export function citationState(
  units: readonly TestUnit[],
  line: number,
): { unit?: TestUnit; state: SkipState } {
  const unit = unitAt(units, line);
  if (unit?.kind === 'test') return { unit, state: unit.state };
  const inside = units.filter(
    (u) => u.kind === 'test' && (!unit || (u.start >= unit.start && u.end <= unit.end)),
  );
  if (inside.length === 0) return unit ? { unit, state: 'skipped' } : { state: 'skipped' };
  const best = inside.reduce<SkipState>((s, u) => (rank[u.state] < rank[s] ? u.state : s), 'skipped');
  return unit ? { unit, state: best } : { state: best };
}
