// Public door of @llama-orch/orchestratord.
export {};
