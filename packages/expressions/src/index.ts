// Public entry point of @loom/expressions (filled by the expressions work).
export {};
