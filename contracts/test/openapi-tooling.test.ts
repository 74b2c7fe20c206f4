// Stage 0 "contract freeze" (OC-016): the OpenAPI documents lint clean under the
// project's redocly.yaml, and the committed generated types are exactly what
// regeneration produces from them (byte for byte, run after run).
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GENERATED = ['data.ts', 'control.ts', 'pool.ts', 'compat.ts'];
const DOCS = ['data', 'control', 'pool', 'compat'].map((name) => `contracts/openapi/${name}.yaml`);
// Keep the linter offline and quiet about updates; it still prints its Node 20 notice.
const LINT_ENV = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

async function lint(cwd: string, docs: string[]): Promise<{ code: number; output: string }> {
  const bin = path.join(REPO, 'node_modules/.bin/redocly');
  const args = ['lint', '--config', path.join(REPO, 'redocly.yaml'), ...docs];
  try {
    const { stdout, stderr } = await run(bin, args, { cwd, env: LINT_ENV });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'llorch-openapi-'));
  await cp(path.join(REPO, 'contracts/openapi'), path.join(scratch, 'contracts/openapi'), {
    recursive: true,
  });
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('openapi tooling', () => {
  it('redocly lint passes with no errors and no warnings [OC-016]', async () => {
    const { code, output } = await lint(REPO, DOCS);
    expect(output).toMatch(/Your API descriptions are valid/);
    expect(output).not.toMatch(/You have \d+ warning/);
    expect(code).toBe(0);
  }, 20_000);

  it('redocly lint fails a document whose example contradicts its schema [OC-016]', async () => {
    const broken = path.join(scratch, 'contracts/openapi/data.yaml');
    const text = await readFile(broken, 'utf8');
    expect(text).toContain('        queue_position: 2\n');
    await writeFile(broken, text.replace('        queue_position: 2\n', '        queue_position: second\n'));
    try {
      const { code, output } = await lint(scratch, ['contracts/openapi/data.yaml']);
      expect(output).toMatch(/queue_position/);
      expect(code).not.toBe(0);
    } finally {
      await writeFile(broken, text);
    }
  }, 20_000);

  it('regeneration reproduces the committed generated types byte for byte [OC-016]', async () => {
    // The committed files came from an earlier run, so equality also proves run-to-run determinism.
    const tsx = path.join(REPO, 'node_modules/.bin/tsx');
    const { stdout } = await run(tsx, [path.join(REPO, 'tools/src/regen-openapi.ts'), scratch], {
      cwd: REPO,
    });
    for (const file of GENERATED) {
      expect(stdout).toContain(`regen: wrote contracts/src/generated/${file}`);
      const fresh = await readFile(path.join(scratch, 'contracts/src/generated', file), 'utf8');
      const committed = await readFile(path.join(REPO, 'contracts/src/generated', file), 'utf8');
      expect(committed, `${file} is stale: run pnpm regen`).toBe(fresh);
      expect(committed).toMatch(/^\/\/ Generated from contracts\/openapi\/\w+\.yaml/);
      expect(committed).not.toContain(REPO);
    }
  }, 30_000);

  it('regeneration reproduces the committed value lists byte for byte [OC-016]', async () => {
    const tsx = path.join(REPO, 'node_modules/.bin/tsx');
    const { stdout } = await run(tsx, [path.join(REPO, 'tools/src/regen-value-lists.ts'), scratch], {
      cwd: REPO,
    });
    expect(stdout).toContain('regen: wrote contracts/src/generated/value-lists.ts');
    const fresh = await readFile(path.join(scratch, 'contracts/src/generated/value-lists.ts'), 'utf8');
    const committed = await readFile(path.join(REPO, 'contracts/src/generated/value-lists.ts'), 'utf8');
    expect(committed, 'value-lists.ts is stale: run pnpm regen').toBe(fresh);
  }, 30_000);

  it.each(GENERATED)(
    'the header of %s names exactly the YAML files its document pulls in [OC-016]',
    async (file) => {
      const committed = await readFile(path.join(REPO, 'contracts/src/generated', file), 'utf8');
      const header = committed.slice(0, committed.indexOf('// by tools/'));
      const named = new Set(header.match(/contracts\/openapi\/[\w-]+\.yaml/g));
      expect(named).toEqual(await referencedFiles(`${path.basename(file, '.ts')}.yaml`));
    },
  );
});

/** The root document and every file reachable from it through `$ref`s. */
async function referencedFiles(root: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const pending = [root];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(`contracts/openapi/${file}`)) continue;
    seen.add(`contracts/openapi/${file}`);
    const text = await readFile(path.join(REPO, 'contracts/openapi', file), 'utf8');
    for (const [, target] of text.matchAll(/\$ref: '\.\/([\w-]+\.yaml)#/g)) if (target) pending.push(target);
  }
  return seen;
}
