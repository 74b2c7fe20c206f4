// Public door of @llama-orch/orchestrator-core.
export {};
