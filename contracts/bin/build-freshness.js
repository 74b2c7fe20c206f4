// Whether the compiled build (`npm run build`, packages' dist/) is current, in
// plain JavaScript so the entry points can ask before anything is compiled:
// `npm start` rebuilds a stale build, `llorch` falls back to its sources. The
// build stamp records when the last build began; the build is stale when it is
// missing, when a package's dist/ is missing, or when any source file, package
// manifest or TypeScript config changed after that moment (git checkouts and
// pulls set mtimes to the time they ran, so they count as changes).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const BUILD_STAMP = '.build-stamp.json';
const CONFIG_FILES = ['tsconfig.base.json', 'tsconfig.build.json', 'pnpm-lock.yaml'];

function newestMtimeUnder(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtimeUnder(full) : statSync(full).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/** Records a build that began at `startedMs` over the package folders `dirs` (relative to `repoRoot`). */
export function writeBuildStamp(repoRoot, dirs, startedMs) {
  const stamp = { started_at_ms: startedMs, packages: dirs };
  writeFileSync(path.join(repoRoot, BUILD_STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
}

/** Why the build cannot be used as it is, or undefined when it is current. */
export function staleBuildReason(repoRoot) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(repoRoot, BUILD_STAMP), 'utf8'));
  } catch {
    return 'no build yet';
  }
  for (const dir of stamp.packages) {
    if (!existsSync(path.join(repoRoot, dir, 'dist', 'index.js'))) return `${dir}/dist is missing`;
    const changed = Math.max(
      newestMtimeUnder(path.join(repoRoot, dir, 'src')),
      statSync(path.join(repoRoot, dir, 'package.json')).mtimeMs,
    );
    if (changed > stamp.started_at_ms) return `${dir} changed since the last build`;
  }
  for (const file of CONFIG_FILES) {
    const full = path.join(repoRoot, file);
    if (existsSync(full) && statSync(full).mtimeMs > stamp.started_at_ms)
      return `${file} changed since the last build`;
  }
  return undefined;
}
