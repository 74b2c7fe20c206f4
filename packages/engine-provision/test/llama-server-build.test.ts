// POOL-040..POOL-043: provisioning finds the pinned source, keys its cache by
// commit and host, fails early with the exact fix when tools are missing, and
// validates binaries by running them. No test here compiles anything.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProvisionError,
  computeCacheKey,
  cpuSignatureFromCpuinfo,
  ensureLlamaServer,
  findLlamaServerBinary,
  locateLlamaCppBundle,
  parseBundleHeader,
  parseVersionOutput,
  readBundleCommit,
  resolveLlamaServerCache,
} from '../src/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'llorch-build-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A PATH directory holding links to exactly the named tools from this host. */
async function pathWith(name: string, tools: string[]): Promise<string> {
  const bin = path.join(dir, name);
  await mkdir(bin, { recursive: true });
  for (const tool of tools) {
    const real = execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
    await symlink(real, path.join(bin, tool));
  }
  return bin;
}

async function script(name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

describe('llama-server provisioning', () => {
  it('finds the llama.cpp bundle inside node-llama-cpp and reads its commit as git does [POOL-040]', async () => {
    const bundle = locateLlamaCppBundle();
    expect(bundle).toMatch(/node-llama-cpp[/\\]llama[/\\]gitRelease\.bundle$/);
    const commit = await readBundleCommit(bundle);
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    const gitHeads = execFileSync('git', ['bundle', 'list-heads', bundle], { cwd: dir, encoding: 'utf8' });
    expect(gitHeads).toContain(`${commit} HEAD`);
  });

  it('parses bundle headers with capabilities and prerequisites [POOL-040]', () => {
    const sha = 'a'.repeat(40);
    expect(
      parseBundleHeader(`# v3 git bundle\n@object-format=sha1\n-${'b'.repeat(40)}\n${sha} HEAD\n\nPACK`),
    ).toEqual([{ commit: sha, ref: 'HEAD' }]);
    expect(() => parseBundleHeader('PK\u0003\u0004')).toThrow(/not a git bundle/);
  });

  it('keys the cache by commit, OS, arch, CPU and backend, stably [POOL-041]', async () => {
    const base = {
      commit: 'de3ff815ea7d559ee917f063901b8986f038abc6',
      platform: 'linux',
      arch: 'x64',
      cpuSignature: 'cpu A|avx2',
      backend: 'cpu',
    } as const;
    const key = computeCacheKey(base);
    expect(key).toMatch(/^de3ff81-linux-x64-[0-9a-f]{8}-cpu$/);
    expect(computeCacheKey({ ...base })).toBe(key);
    const variants = [
      { ...base, commit: 'f'.repeat(40) },
      { ...base, arch: 'arm64' },
      { ...base, cpuSignature: 'cpu A|avx2 avx512f' },
      { ...base, backend: 'cuda' as const },
    ];
    expect(new Set(variants.map(computeCacheKey)).size).toBe(4);
    expect(variants.map(computeCacheKey)).not.toContain(key);
    const first = await resolveLlamaServerCache({ cacheRoot: dir });
    const again = await resolveLlamaServerCache({ cacheRoot: dir });
    expect(again).toEqual(first);
    expect(first.binaryPath).toBe(path.join(dir, first.cacheKey, 'bin', 'llama-server'));
  });

  it('derives the CPU signature from model name and sorted flags [POOL-041]', () => {
    const a = cpuSignatureFromCpuinfo(
      'processor\t: 0\nmodel name\t: Xeon\nflags\t\t: sse2 avx2\n\nprocessor\t: 1\nflags : zzz',
    );
    expect(a).toBe('Xeon|avx2 sse2');
    expect(cpuSignatureFromCpuinfo('flags: avx2 sse2\nmodel name: Xeon')).toBe(a);
    expect(cpuSignatureFromCpuinfo('nothing useful')).toBeUndefined();
  });

  it('names the exact apt-get fix when cmake is missing, before cloning anything [POOL-043]', async () => {
    const noCmake = await pathWith('no-cmake', ['git', 'make', 'c++', 'sh']);
    const cacheRoot = path.join(dir, 'empty-cache');
    const attempt = ensureLlamaServer({ cacheRoot, env: { ...process.env, PATH: noCmake } });
    await expect(attempt).rejects.toBeInstanceOf(ProvisionError);
    await expect(attempt).rejects.toMatchObject({
      code: 'BUILD_TOOLS_MISSING',
      retriable: false,
      message: expect.stringContaining('apt-get install -y cmake g++ git make'),
      context: { missing: ['cmake'] },
    });
    expect(existsSync(cacheRoot)).toBe(false);
  });

  it('asks for nvcc on PATH for a CUDA build [POOL-043]', async () => {
    const noNvcc = await pathWith('no-nvcc', ['git', 'make', 'c++', 'cmake']);
    await expect(
      ensureLlamaServer({
        cuda: true,
        cacheRoot: path.join(dir, 'cuda-cache'),
        env: { ...process.env, PATH: noNvcc },
      }),
    ).rejects.toMatchObject({ code: 'BUILD_TOOLS_MISSING', message: expect.stringMatching(/nvcc.*PATH/) });
  });

  it('reuses a cached binary that runs --version without needing any build tool [POOL-041]', async () => {
    const fake = await script(
      'fake-llama-server',
      'echo "version: 9.9.9 (build 7, commit abcdef1)" >&2\necho "built with cc" >&2',
    );
    const cacheRoot = path.join(dir, 'warm-cache');
    const entry = await resolveLlamaServerCache({ cacheRoot });
    await mkdir(path.dirname(entry.binaryPath), { recursive: true });
    await symlink(fake, entry.binaryPath);
    const result = await ensureLlamaServer({ cacheRoot, env: { PATH: '' } });
    expect(result).toEqual({
      binaryPath: entry.binaryPath,
      commit: entry.commit,
      version: '9.9.9 (build 7, commit abcdef1)',
      cacheKey: entry.cacheKey,
      built: false,
    });
    await expect(findLlamaServerBinary(undefined, { cacheRoot })).resolves.toMatchObject({ source: 'cache' });
    await expect(
      findLlamaServerBinary(undefined, { cacheRoot: path.join(dir, 'cold') }),
    ).resolves.toBeUndefined();
  });

  it('accepts an operator-supplied binary only if --version works [POOL-041]', async () => {
    const good = await script('good', 'echo "version: 1 (deadbee)" >&2');
    await expect(findLlamaServerBinary(good)).resolves.toEqual({
      binaryPath: good,
      version: '1 (deadbee)',
      source: 'explicit',
    });
    const silent = await script('silent', 'exit 0');
    const failing = await script('failing', 'echo boom >&2; exit 3');
    for (const bad of [silent, failing, path.join(dir, 'missing')]) {
      await expect(findLlamaServerBinary(bad)).rejects.toMatchObject({
        code: 'BINARY_INVALID',
        message: expect.stringContaining('pnpm engines:llamacpp'),
      });
    }
  });

  it('parses both version line styles [POOL-041]', () => {
    expect(parseVersionOutput('version: 0.5.0-dev (build 1, commit de3ff81)\nbuilt with gcc')).toEqual({
      version: '0.5.0-dev (build 1, commit de3ff81)',
      commit: 'de3ff81',
    });
    expect(parseVersionOutput('version: 6500 (abc1234)')).toEqual({
      version: '6500 (abc1234)',
      commit: 'abc1234',
    });
    expect(parseVersionOutput('usage: llama-server')).toBeUndefined();
  });
});
