// Metrics contract (ci/metrics.lint.json) and its linter.
export {};
