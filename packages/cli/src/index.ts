// Public door of @llama-orch/cli.
export {};
