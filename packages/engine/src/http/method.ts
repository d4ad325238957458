/** The methods whose names are sent upper-cased however they are written (the Path Item fields of OpenAPI 3.0-3.2). */
const STANDARD_METHODS: ReadonlySet<string> = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query']);

/**
 * The method as sent: a standard method upper-cased whatever its case (`get` -> `GET`, as the
 * WHATWG fetch standard normalizes methods), any other exactly as given, since methods are
 * case-sensitive (RFC 9110 §9.1) and an OpenAPI 3.2 `additionalOperations` key is the method as sent.
 */
export function normalizeMethod(method: string): string {
  const lower = method.toLowerCase();
  return STANDARD_METHODS.has(lower) ? method.toUpperCase() : method;
}
