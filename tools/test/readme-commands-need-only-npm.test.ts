// Issue 16 item 7: the README is typed on a fresh machine that has only Node and
// npm. Every command it shows in code (inline or in a block) must start with
// something that machine has after `npm run setup`: `npm run <a root script>`,
// `npm start`, `npm test`, or `npx` of a root devDependency. `pnpm …` is not on
// that machine's PATH, so a README command starting with it fails this test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', ROOT), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as {
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Inline code spans and the lines of fenced blocks: everything a reader may copy. */
function shownCommands(markdown: string): string[] {
  const fenced = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].flatMap((m) =>
    (m[1] ?? '').split('\n'),
  );
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, '');
  const inline = [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? '');
  return [...fenced, ...inline]
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => /^(pnpm|npm|npx)\b/.test(line));
}

/** Why a command would not run on a machine with only Node and npm, or null when it would. */
function problemWith(command: string): string | null {
  const words = command.split(/\s+/);
  if (words[0] === 'pnpm') return 'pnpm is not installed on a machine with only Node and npm';
  if (words[0] === 'npx') {
    const tool = words[1] === '--yes' ? undefined : words[1];
    return tool === undefined || tool in pkg.devDependencies || tool.startsWith('-')
      ? null
      : `npx ${tool}: not a root devDependency, so npx would download it`;
  }
  if (words[1] === 'start' || words[1] === 'test') return null;
  if (words[1] !== 'run') return `npm ${words[1]}: not a command the README should need`;
  const script = words.slice(2).find((w) => !w.startsWith('-'));
  return script !== undefined && script in pkg.scripts ? null : `no root script named ${script}`;
}

describe('README commands', () => {
  it('finds the commands it checks, including the everyday ones', () => {
    const commands = shownCommands(readme);
    expect(commands).toContain('npm run setup && npm start');
    expect(commands).toContain('npm run regen');
    expect(commands.length).toBeGreaterThan(20);
  });

  it('shows only commands that run with Node and npm after npm run setup [issue 16]', () => {
    const problems = shownCommands(readme)
      .map((command) => ({ command, problem: problemWith(command) }))
      .filter((p) => p.problem !== null);
    expect(problems).toEqual([]);
  });

  it('rejects what a bare machine lacks', () => {
    expect(problemWith('pnpm regen')).toMatch(/pnpm is not installed/);
    expect(problemWith('npm run no-such-script')).toMatch(/no root script/);
    expect(problemWith('npx some-downloaded-tool')).toMatch(/download/);
    expect(problemWith('npm run -s llorch -- status')).toBeNull();
  });
});
