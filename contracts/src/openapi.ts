// Generated OpenAPI types and typed clients (filled by the contracts work).
export {};
