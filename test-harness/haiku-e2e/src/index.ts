// Public door of the end-to-end harness: start the product as `npm start` does,
// talk to its public API, and wait for its real engines.
export { REPO_ROOT, startProduct, tail } from './product.js';
export type { RunningProduct, StartProductOptions } from './product.js';
export { completionTask, counterSum, publicApi } from './public-api.js';
export type { Frame, PublicApi } from './public-api.js';
export { waitForRealEngine } from './real-engine.js';
export type { WaitOptions } from './real-engine.js';
export { runNestedVitest } from './nested-vitest.js';
export type { NestedRun, NestedVitestOptions } from './nested-vitest.js';
export { startPrometheus } from './prometheus-server.js';
export type { PrometheusOptions, PrometheusServer, QueryResult } from './prometheus-server.js';
