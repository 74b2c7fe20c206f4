// Config schema, loader and defaults.
export {};
