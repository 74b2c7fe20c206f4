// POOL-040, POOL-041: the llama.cpp source we build is the git bundle pinned
// inside the node-llama-cpp npm package, so provisioning needs no network and
// the engine version is fixed by the lockfile. This module finds the bundle
// and reads its commit without needing git (reuse must work where git is absent).
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { ProvisionError } from './provision-errors.js';

const PACKAGE_NAME = 'node-llama-cpp';
const BUNDLE_RELATIVE = path.join('llama', 'gitRelease.bundle');

/**
 * Resolves node-llama-cpp from this module. The package's `exports` map hides
 * package.json, so resolve its main entry and walk up to the package root.
 */
export function locateLlamaCppBundle(fromUrl: string = import.meta.url): string {
  let entry: string;
  try {
    entry = createRequire(fromUrl).resolve(PACKAGE_NAME);
  } catch (cause) {
    throw new ProvisionError(
      'BUNDLE_NOT_FOUND',
      `Cannot resolve ${PACKAGE_NAME}; run \`pnpm install\` in the workspace root so the pinned llama.cpp source bundle is present.`,
      { cause },
    );
  }
  let dir = path.dirname(entry);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === PACKAGE_NAME) {
      const bundle = path.join(dir, BUNDLE_RELATIVE);
      if (!existsSync(bundle)) {
        throw new ProvisionError(
          'BUNDLE_NOT_FOUND',
          `${PACKAGE_NAME} at ${dir} has no ${BUNDLE_RELATIVE}; reinstall it (\`pnpm install --force\`).`,
          { context: { packageRoot: dir } },
        );
      }
      return bundle;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new ProvisionError(
    'BUNDLE_NOT_FOUND',
    `Resolved ${PACKAGE_NAME} to ${entry} but found no package root above it; reinstall dependencies.`,
    { context: { entry } },
  );
}

function readPackageName(manifest: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
    return typeof parsed === 'object' &&
      parsed !== null &&
      'name' in parsed &&
      typeof parsed.name === 'string'
      ? parsed.name
      : undefined;
  } catch {
    return undefined;
  }
}

export interface BundleHead {
  commit: string;
  ref: string;
}

/**
 * Parses the text header of a git bundle (v2 or v3): a signature line, optional
 * capability lines (`@...`), prerequisite lines (`-...`), then `<sha> <ref>` lines
 * up to a blank line.
 */
export function parseBundleHeader(header: string): BundleHead[] {
  const lines = header.split('\n');
  const signature = lines[0];
  if (signature !== '# v2 git bundle' && signature !== '# v3 git bundle') {
    throw new Error(`not a git bundle (first line ${JSON.stringify(signature)})`);
  }
  const heads: BundleHead[] = [];
  for (const line of lines.slice(1)) {
    if (line === '') return heads;
    if (line.startsWith('@') || line.startsWith('-')) continue;
    const match = /^([0-9a-f]{40}|[0-9a-f]{64}) (.+)$/.exec(line);
    if (match?.[1] && match[2]) heads.push({ commit: match[1], ref: match[2] });
  }
  throw new Error('git bundle header is not terminated by a blank line');
}

/** The commit the bundle's HEAD (or its only ref) points at. */
export async function readBundleCommit(bundlePath: string): Promise<string> {
  let header: string;
  try {
    const handle = await open(bundlePath, 'r');
    try {
      const buffer = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      header = buffer.subarray(0, bytesRead).toString('latin1');
    } finally {
      await handle.close();
    }
    const heads = parseBundleHeader(header);
    const head = heads.find((h) => h.ref === 'HEAD') ?? heads[0];
    if (!head) throw new Error('git bundle lists no refs');
    return head.commit;
  } catch (cause) {
    throw new ProvisionError(
      'BUNDLE_UNREADABLE',
      `Cannot read the commit of ${bundlePath}: ${(cause as Error).message}. Reinstall node-llama-cpp.`,
      { cause, context: { bundlePath } },
    );
  }
}
