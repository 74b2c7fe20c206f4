// Public door of @llama-orch/pool-managerd.
export {};
