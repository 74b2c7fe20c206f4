// Public door of @llama-orch/launcher: starts pool-managerd and orchestratord,
// together or apart, wired only by pool-managerd's URL and the shared token.
export { LAUNCH_MODES, launch } from './launch.js';
export type { LaunchMode, LaunchOptions, RunningLaunch } from './launch.js';
export { configuredPoolManagerdUrl, loadLaunchConfig } from './launch-config.js';
export type { LaunchConfig } from './launch-config.js';
