// End to end over a throwaway repository on disk. Real area prefixes are
// needed here, so IDs are assembled at run time: written literally they would
// count as citations of the real specs when `pnpm trace` scans this file.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REQUIREMENT_INDEX, TraceError, regenRequirementIndex, runTrace } from '../src/trace.js';

const id = (prefix: string, n: number) => [prefix, String(n).padStart(3, '0')].join('-');
const declare = (prefix: string, n: number, level: string, text: string) =>
  `- **${id(prefix, n)}** (${level}) ${text}`;

let root: string;

async function put(rel: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), text);
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'llorch-trace-'));
  await put(
    '.specs/00-llama-orch.md',
    ['# Product', '', declare('OC', 2, 'MUST', 'Second.'), declare('OC', 1, 'MUST', 'First.')].join('\n'),
  );
  await put('.specs/80-metrics.md', ['# Metrics', '', declare('MET', 1, 'SHOULD', 'Scrape.')].join('\n'));
  await put(
    '.specs/README.md',
    ['# IDs', '', '```', declare('OC', 1, 'MUST', 'Example only.'), '```'].join('\n'),
  );
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pnpm trace over a repository', () => {
  it('writes a sorted, deterministic index and returns its path [OC-016] [OC-014]', async () => {
    expect(await regenRequirementIndex(root)).toEqual([REQUIREMENT_INDEX]);
    const first = await readFile(path.join(root, REQUIREMENT_INDEX), 'utf8');
    await regenRequirementIndex(root);
    expect(await readFile(path.join(root, REQUIREMENT_INDEX), 'utf8')).toBe(first);
    const doc = JSON.parse(first) as { requirements: Array<{ id: string; file: string; line: number }> };
    expect(doc.requirements.map((r) => `${r.id}@${r.file}:${r.line}`)).toEqual([
      `${id('OC', 1)}@.specs/00-llama-orch.md:4`,
      `${id('OC', 2)}@.specs/00-llama-orch.md:3`,
      `${id('MET', 1)}@.specs/80-metrics.md:3`,
    ]);
  });

  it('refuses to write the index when two specs declare the same ID [OC-014]', async () => {
    await put('.specs/80-metrics.md', declare('OC', 1, 'MUST', 'Clash.'));
    const failure = await regenRequirementIndex(root).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TraceError);
    expect((failure as TraceError).code).toBe('SPEC_INVALID');
    expect((failure as TraceError).message).toContain(`duplicate requirement ID ${id('OC', 1)}`);
    await expect(readFile(path.join(root, REQUIREMENT_INDEX), 'utf8')).rejects.toThrow();
  });

  it('exits 0 with honest coverage when every citation is declared [OC-015]', async () => {
    await put('packages/demo/test/demo.test.ts', `it('does it [${id('OC', 1)}]', () => {});\n`);
    await put('packages/demo/node_modules/dep/test/ignored.test.ts', `// ${id('OC', 2)}\n`);
    const lines: string[] = [];
    expect(await runTrace(root, (l) => lines.push(l))).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('scanned 1 test file(s)');
    expect(text).toContain('Overall MUST coverage: 1/2 (50.0%)');
    expect(text).toContain('Overall coverage (all levels): 1/3 (33.3%)');
    expect(text).toContain(`${id('OC', 2)}  .specs/00-llama-orch.md:3`);
  });

  it('exits 1 when a test cites an ID that no spec declares [OC-015]', async () => {
    await put('test-harness/bdd/features/journey.feature', `@${id('ORCHD', 42)}\nFeature: x\n`);
    const lines: string[] = [];
    expect(await runTrace(root, (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toContain(`${id('ORCHD', 42)}  test-harness/bdd/features/journey.feature:1`);
  });

  it('exits 1 and names the line when a declaration is malformed [OC-014]', async () => {
    await put('.specs/50-cli.md', '- **CLI-1** (MUST) Too short a number.\n');
    const lines: string[] = [];
    expect(await runTrace(root, (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toContain('.specs/50-cli.md:1');
  });
});
