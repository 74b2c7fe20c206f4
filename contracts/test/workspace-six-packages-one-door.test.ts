// OC-002: the product is workspace packages, one per bounded context,
// each with one public door (package.json `exports` has "." only, pointing at
// src/index.ts), and nothing reaches into another package except through that
// door: no `@llama-orch/x/sub/path` specifiers and no relative path that
// leaves the importing package. Test tooling (test-harness/*, tools) lives in
// its own workspace packages and is never a runtime dependency of the product.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PRODUCT = [
  '@llama-orch/contracts',
  '@llama-orch/orchestrator-core',
  '@llama-orch/worker-adapters',
  '@llama-orch/engine-provision',
  '@llama-orch/pool-managerd',
  '@llama-orch/orchestratord',
  '@llama-orch/launcher',
  '@llama-orch/cli',
];

interface Member {
  dir: string;
  name: string;
  json: {
    private?: boolean;
    exports?: unknown;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
}

function workspaceMembers(): Member[] {
  const globs = (
    parse(readFileSync(path.join(ROOT, 'pnpm-workspace.yaml'), 'utf8')) as { packages: string[] }
  ).packages;
  const dirs = globs.flatMap((glob) =>
    glob.endsWith('/*')
      ? readdirSync(path.join(ROOT, glob.slice(0, -2))).map((d) => path.join(glob.slice(0, -2), d))
      : [glob],
  );
  return dirs
    .filter((dir) => existsSync(path.join(ROOT, dir, 'package.json')))
    .map((dir) => {
      const json = JSON.parse(
        readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8'),
      ) as Member['json'] & {
        name: string;
      };
      return { dir, name: json.name, json };
    });
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    // dist/ is compiled output (`npm run build`, OC-029), not hand-written source.
    if (['node_modules', 'generated', 'out', 'dist'].includes(entry)) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|mts|js|mjs)$/.test(entry)) out.push(full);
  }
  return out;
}

/**
 * The one exception to one door per package: contracts' plain-JavaScript build-freshness check,
 * which `npm start` and `llorch` run before anything is compiled (OC-029), so it cannot sit
 * behind the TypeScript door.
 */
const SECOND_DOORS: Record<string, object> = {
  '@llama-orch/contracts': {
    './build-freshness': { types: './bin/build-freshness.d.ts', default: './bin/build-freshness.js' },
  },
};
const ALLOWED_SUBPATHS = new Set(['@llama-orch/contracts/build-freshness']);

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

/** Each import that does not go through a package's public door, as `file: specifier`. */
function backDoors(members: readonly Member[], files: (m: Member) => string[], read = readFileSync) {
  const names = new Set(members.map((m) => m.name));
  const found: string[] = [];
  for (const member of members) {
    const root = path.join(ROOT, member.dir);
    for (const file of files(member)) {
      for (const [, spec = ''] of String(read(file, 'utf8')).matchAll(SPECIFIER)) {
        const scoped = ALLOWED_SUBPATHS.has(spec) ? null : /^(@llama-orch\/[^/]+)(\/.*)?$/.exec(spec);
        const escapes =
          spec.startsWith('.') &&
          path.relative(root, path.resolve(path.dirname(file), spec)).startsWith('..');
        if ((scoped && (scoped[2] !== undefined || !names.has(scoped[1]!))) || escapes)
          found.push(`${path.relative(ROOT, file)}: ${spec}`);
      }
    }
  }
  return found;
}

describe('workspace shape', () => {
  const members = workspaceMembers();
  const product = members.filter((m) => m.dir === 'contracts' || m.dir.startsWith('packages/'));

  it('is exactly the product packages, each with one public entry point [OC-002]', () => {
    expect(product.map((m) => m.name).sort()).toEqual([...PRODUCT].sort());
    for (const m of product) {
      expect(m.json.exports, m.name).toEqual({ '.': './src/index.ts', ...SECOND_DOORS[m.name] });
      expect(existsSync(path.join(ROOT, m.dir, 'src/index.ts')), m.name).toBe(true);
    }
  });

  it('each door names what it exports: no `export *` in a package index [OC-002]', () => {
    const starred = (text: string) => /^\s*export\s+\*/m.test(text);
    expect(starred("export * from './x.js';\n")).toBe(true);
    expect(starred("export { a } from './x.js';\n")).toBe(false);
    const doors = members
      .map((m) => path.join(ROOT, m.dir, 'src/index.ts'))
      .filter((file) => existsSync(file));
    expect(doors.length).toBeGreaterThanOrEqual(PRODUCT.length);
    expect(
      doors.filter((file) => starred(readFileSync(file, 'utf8'))).map((f) => path.relative(ROOT, f)),
    ).toEqual([]);
  });

  it('keeps test tooling in private packages the product never depends on at run time [OC-002]', () => {
    const tooling = members.filter((m) => !product.includes(m));
    expect(tooling.length).toBeGreaterThan(0);
    for (const m of tooling) {
      expect(m.dir, m.name).toMatch(/^(test-harness\/|tools$)/);
      expect(m.json.private, m.name).toBe(true);
    }
    for (const m of product) {
      const runtime = Object.keys(m.json.dependencies ?? {}).filter((d) => d.startsWith('@llama-orch/'));
      expect(
        runtime.filter((d) => !PRODUCT.includes(d)),
        m.name,
      ).toEqual([]);
    }
  });

  it('imports other packages only through their door, never by subpath or by a path out of the package [OC-002]', () => {
    const files = (m: Member) => sourceFiles(path.join(ROOT, m.dir));
    expect(members.flatMap(files).length).toBeGreaterThan(100);
    expect(backDoors(members, files)).toEqual([]);
  });

  it('lets only the launcher know both daemons: orchestratord and pool-managerd never depend on each other [OC-002]', () => {
    const daemons = ['@llama-orch/orchestratord', '@llama-orch/pool-managerd'];
    for (const m of product.filter((m) => m.name !== '@llama-orch/launcher')) {
      const all = { ...m.json.dependencies, ...m.json.devDependencies };
      expect(
        daemons.filter((d) => d !== m.name && d in all),
        m.name,
      ).toEqual([]);
    }
    const orchestratord = members.find((m) => m.name === '@llama-orch/orchestratord')!;
    const imports = sourceFiles(path.join(ROOT, orchestratord.dir)).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(SPECIFIER)]
        .map(([, spec = '']) => spec)
        .filter((spec) => spec.startsWith('@llama-orch/pool-managerd')),
    );
    expect(imports).toEqual([]);
  });

  it('keeps every hand-written source and test file under 400 lines (HOUSE_STYLE 9)', () => {
    const long = members
      .flatMap((m) => sourceFiles(path.join(ROOT, m.dir)))
      .map((file) => ({
        file: path.relative(ROOT, file),
        lines: readFileSync(file, 'utf8').split('\n').length,
      }))
      .filter(({ lines }) => lines > 400)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it('notices a subpath import and a relative path into another package', () => {
    const fake = path.join(ROOT, 'packages/orchestratord/src/fake.ts');
    // Assembled at run time so this file's own text holds no back door for the scan above.
    const subpath = ['@llama-orch', 'pool-managerd', 'src', 'daemon.js'].join('/');
    const escape = ['..', '..', 'pool-managerd', 'src', 'index.js'].join('/');
    const text =
      `import { a } from '${subpath}';\nimport { b } from '${escape}';\n` +
      "import { c } from './own.js';\nconst d = await import('@llama-orch/contracts');\n";
    const files = (m: Member) => (m.name === '@llama-orch/orchestratord' ? [fake] : []);
    expect(backDoors(members, files, (() => text) as never)).toEqual([
      'packages/orchestratord/src/fake.ts: @llama-orch/pool-managerd/src/daemon.js',
      'packages/orchestratord/src/fake.ts: ../../pool-managerd/src/index.js',
    ]);
  });
});
