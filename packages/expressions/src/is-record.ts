/**
 * Whether `value` is a JSON object (not null, not an array): the one test Loom
 * applies to data that may have any shape (documents before the schema has
 * passed, OpenAPI descriptions, payloads, inputs).
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
