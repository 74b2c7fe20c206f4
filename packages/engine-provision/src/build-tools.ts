// POOL-040: building llama-server needs a C++ toolchain. Checking up front turns
// a confusing cmake failure minutes into a build into one actionable message.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { ProvisionError } from './provision-errors.js';

/** Each requirement is satisfied by any one of its alternatives. */
export interface ToolRequirement {
  name: string;
  alternatives: readonly string[];
}

export const CPU_BUILD_TOOLS: readonly ToolRequirement[] = [
  { name: 'cmake', alternatives: ['cmake'] },
  { name: 'g++', alternatives: ['c++', 'g++', 'clang++'] },
  { name: 'git', alternatives: ['git'] },
  { name: 'make', alternatives: ['make', 'ninja'] },
];

export const CUDA_BUILD_TOOLS: readonly ToolRequirement[] = [
  ...CPU_BUILD_TOOLS,
  { name: 'nvcc', alternatives: ['nvcc'] },
];

/** Looks an executable up on a PATH string, like the shell would. */
export function whichOnPath(command: string, pathEnv: string | undefined): string | undefined {
  for (const dir of (pathEnv ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

export function findMissingTools(
  requirements: readonly ToolRequirement[],
  pathEnv: string | undefined,
): ToolRequirement[] {
  return requirements.filter((req) => !req.alternatives.some((alt) => whichOnPath(alt, pathEnv)));
}

/** Throws BUILD_TOOLS_MISSING naming the exact install command. */
export function assertBuildTools(cuda: boolean, pathEnv: string | undefined): void {
  const missing = findMissingTools(cuda ? CUDA_BUILD_TOOLS : CPU_BUILD_TOOLS, pathEnv);
  if (missing.length === 0) return;
  const names = missing.map((m) => m.name);
  const aptMissing = names.filter((n) => n !== 'nvcc');
  const fixes: string[] = [];
  if (aptMissing.length > 0) fixes.push('apt-get install -y cmake g++ git make');
  if (names.includes('nvcc')) {
    fixes.push('install the CUDA toolkit and put nvcc on PATH (e.g. export PATH=/usr/local/cuda/bin:$PATH)');
  }
  throw new ProvisionError(
    'BUILD_TOOLS_MISSING',
    `Cannot build llama-server: missing ${names.join(', ')} on PATH. Fix: ${fixes.join('; then ')}.`,
    { context: { missing: names } },
  );
}
