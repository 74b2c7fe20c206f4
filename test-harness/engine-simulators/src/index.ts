// Public door of the engine simulators.
export {};
