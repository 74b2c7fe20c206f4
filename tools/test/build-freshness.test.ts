// OC-029: `npm start` rebuilds and `llorch` falls back to its sources whenever
// the compiled build is missing or older than what it was compiled from.
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staleBuildReason, writeBuildStamp } from '@llama-orch/contracts/build-freshness';

let root = '';
const BUILT_AT = Date.parse('2026-12-07T12:00:00Z');
const at = (offsetMs: number) => new Date(BUILT_AT + offsetMs);

async function file(rel: string, offsetMs: number): Promise<void> {
  const full = path.join(root, rel);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, '');
  await utimes(full, at(offsetMs), at(offsetMs));
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'llorch-build-'));
  for (const dir of ['contracts', 'packages/cli']) {
    await file(`${dir}/package.json`, -60_000);
    await file(`${dir}/src/index.ts`, -60_000);
    await file(`${dir}/src/deep/er/file.ts`, -60_000);
    await file(`${dir}/dist/index.js`, 1_000);
  }
  await file('tsconfig.base.json', -60_000);
  writeBuildStamp(root, ['contracts', 'packages/cli'], BUILT_AT);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('staleBuildReason [OC-029]', () => {
  it('is undefined for a build newer than every input', () => {
    expect(staleBuildReason(root)).toBeUndefined();
  });

  it('names a source file changed after the build began, however deep', async () => {
    await file('packages/cli/src/deep/er/file.ts', 5);
    expect(staleBuildReason(root)).toBe('packages/cli changed since the last build');
  });

  it('names a manifest or TypeScript config changed after the build', async () => {
    await file('contracts/package.json', 5);
    expect(staleBuildReason(root)).toBe('contracts changed since the last build');
    await file('contracts/package.json', -5);
    await file('tsconfig.base.json', 5);
    expect(staleBuildReason(root)).toBe('tsconfig.base.json changed since the last build');
  });

  it('names a missing dist and a missing stamp', async () => {
    await rm(path.join(root, 'contracts/dist'), { recursive: true });
    expect(staleBuildReason(root)).toBe('contracts/dist is missing');
    await rm(path.join(root, '.build-stamp.json'));
    expect(staleBuildReason(root)).toBe('no build yet');
  });
});
