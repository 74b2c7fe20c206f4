// orchestrator-core stays a pure library: its source may import only its own
// modules and @llama-orch/contracts, and must not reach for a clock or a timer.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const sources = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({ file, text: readFileSync(path.join(srcDir, file), 'utf8') }));

/** Source with comments and string contents blanked, so prose cannot trip the scan. */
const codeOnly = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/`[^`]*`/g, '``');

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

describe('orchestrator-core boundaries', () => {
  it('has source files to check', () => {
    expect(sources.length).toBeGreaterThan(5);
  });

  it('imports nothing but relative modules and @llama-orch/contracts [CORE-001]', () => {
    const offenders: string[] = [];
    for (const { file, text } of sources) {
      for (const match of text.matchAll(SPECIFIER)) {
        const specifier = match[1]!;
        if (!specifier.startsWith('./') && specifier !== '@llama-orch/contracts')
          offenders.push(`${file}: ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('reads no clock, starts no timer and touches no process state [CORE-002]', () => {
    const banned =
      /\b(Date\.now|new Date|performance\.now|setTimeout|setInterval|setImmediate|queueMicrotask|process\.|globalThis\.|Math\.random|fetch\()/;
    const offenders = sources.flatMap(({ file, text }) =>
      codeOnly(text)
        .split('\n')
        .filter((line) => banned.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the scanner itself catches a forbidden import and a clock read', () => {
    const sample =
      "import { readFile } from 'node:fs';\nconst t = Date.now(); // Date.now in a comment is fine\n";
    expect([...sample.matchAll(SPECIFIER)].map((m) => m[1])).toEqual(['node:fs']);
    expect(codeOnly(sample)).toContain('Date.now()');
    expect(codeOnly('// only Date.now in prose')).not.toContain('Date.now');
  });
});
