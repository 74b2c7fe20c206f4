// Types of build-freshness.js (plain JavaScript so entry points can run it before any build).
export declare const BUILD_STAMP: string;
export declare function writeBuildStamp(repoRoot: string, dirs: readonly string[], startedMs: number): void;
export declare function staleBuildReason(repoRoot: string): string | undefined;
