// POOL-040: the offline build itself: clone the pinned bundle, configure, build
// only the server target, and install the binary into the cache atomically so a
// concurrent reader never sees a half-copied file.
import { chmod, copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LlamaBackend } from './cache-key.js';
import { ProvisionError } from './provision-errors.js';
import { runCommand } from './run-command.js';
import type { RunCommandOptions } from './run-command.js';

/** Static, self-contained, no network access at build or run time; GGML_NATIVE ties it to this CPU (see cache key). */
export function cmakeConfigureFlags(backend: LlamaBackend): string[] {
  const flags = [
    '-DLLAMA_CURL=OFF',
    '-DLLAMA_OPENSSL=OFF',
    '-DGGML_NATIVE=ON',
    '-DLLAMA_BUILD_TESTS=OFF',
    '-DLLAMA_BUILD_EXAMPLES=OFF',
    '-DBUILD_SHARED_LIBS=OFF',
    '-DCMAKE_BUILD_TYPE=Release',
    // The server target otherwise tries to download its web UI from Hugging Face.
    '-DLLAMA_USE_PREBUILT_UI=OFF',
  ];
  if (backend === 'cuda') flags.push('-DGGML_CUDA=ON');
  return flags;
}

export interface BuildStepsOptions {
  bundlePath: string;
  workDir: string;
  backend: LlamaBackend;
  env: NodeJS.ProcessEnv;
  jobs?: number;
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
}

/** Runs clone → configure → build; returns the path of the freshly built binary. */
export async function buildFromBundle(options: BuildStepsOptions): Promise<string> {
  const srcDir = path.join(options.workDir, 'llama.cpp');
  const buildDir = path.join(srcDir, 'build');
  const jobs = options.jobs ?? os.availableParallelism();
  const say = (line: string): void => options.onProgress?.(line);
  const common: RunCommandOptions = {
    env: options.env,
    signal: options.signal,
    onLine: options.onProgress,
  };
  const step = async (what: string, command: string, args: string[], cwd?: string): Promise<void> => {
    say(`llama-orch: ${what}`);
    const result = await runCommand(command, args, { ...common, cwd });
    if (result.code !== 0) {
      throw new ProvisionError(
        'BUILD_FAILED',
        `llama-server build failed while ${what} (exit ${result.code ?? result.signal}). Last output:\n${result.tail.join('\n')}\nFix the cause above and rerun \`pnpm engines:llamacpp\`.`,
        { context: { step: what, command, args, tail: result.tail } },
      );
    }
  };
  await step(`cloning ${options.bundlePath} (offline)`, 'git', [
    '-c',
    'advice.detachedHead=false',
    'clone',
    '--quiet',
    options.bundlePath,
    srcDir,
  ]);
  await step('configuring with cmake', 'cmake', [
    '-S',
    srcDir,
    '-B',
    buildDir,
    ...cmakeConfigureFlags(options.backend),
  ]);
  await step(`building target llama-server with ${jobs} job(s)`, 'cmake', [
    '--build',
    buildDir,
    '--target',
    'llama-server',
    '-j',
    String(jobs),
  ]);
  return path.join(buildDir, 'bin', 'llama-server');
}

/** Copy to a temp name in the destination directory, then rename over the final name. */
export async function installAtomically(source: string, destination: string): Promise<void> {
  await mkdir(path.dirname(destination), { recursive: true });
  const temp = `${destination}.${process.pid}.tmp`;
  await copyFile(source, temp);
  await chmod(temp, 0o755);
  await rename(temp, destination);
}

export async function writeJsonAtomically(destination: string, value: unknown): Promise<void> {
  const temp = `${destination}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, destination);
}
