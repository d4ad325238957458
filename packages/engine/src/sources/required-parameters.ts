import type { OpenApiOperation, OpenApiParameter } from './types.js';

/**
 * Which parameters an operation requires that a step does not give: one check for lint's
 * `parameter-required-missing` and validation's `parameter-querystring-missing` (DECISIONS D43).
 */

/** A parameter as a step gives it: its name and its location (written, or taken from the operation, D13). */
export interface SuppliedParameter {
  readonly name: string;
  readonly in: string | undefined;
}

/** Header names whose Parameter Object definitions OpenAPI 3.x ignores; see isIgnoredHeader. */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/**
 * OpenAPI 3.x §Parameter Object: "If in is "header" and the name field is "Accept", "Content-Type"
 * or "Authorization", the parameter definition SHALL be ignored": such a declared parameter is never
 * required, and supplying one is never "undeclared".
 */
export function isIgnoredHeader(parameter: { readonly name: string; readonly in?: string | undefined }): boolean {
  return parameter.in === 'header' && IGNORED_HEADERS.has(parameter.name.toLowerCase());
}

/**
 * Whether a supplied parameter is the declared one: same location and name (RFC 9110 §5.1: header names ignore
 * case). An `in: querystring` parameter is the whole query string, of which an operation has one (OpenAPI 3.2
 * §Parameter Object), so the location alone decides (Arazzo 1.1 §Parameter Object: its value follows the
 * operation's querystring `content`, whatever the step calls it).
 */
export function suppliesParameter(declared: OpenApiParameter, supplied: SuppliedParameter): boolean {
  if (declared.in !== supplied.in) return false;
  if (declared.in === 'querystring') return true;
  return declared.in === 'header' ? declared.name.toLowerCase() === supplied.name.toLowerCase() : declared.name === supplied.name;
}

/**
 * The operation's required parameters (OpenAPI §Parameter Object: `required`, always true for a path
 * parameter) that none of `supplied` gives.
 */
export function missingRequiredParameters(operation: Pick<OpenApiOperation, 'parameters'>, supplied: readonly SuppliedParameter[]): OpenApiParameter[] {
  return operation.parameters.filter(
    (declared) =>
      (declared.required === true || declared.in === 'path') &&
      !isIgnoredHeader(declared) &&
      !supplied.some((parameter) => suppliesParameter(declared, parameter)),
  );
}

/** The OpenAPI 3.2 `in: querystring` parameter the operation requires, if any (DECISIONS D43). */
export function requiredQuerystring(operation: Pick<OpenApiOperation, 'parameters'>): OpenApiParameter | undefined {
  return operation.parameters.find((parameter) => parameter.in === 'querystring' && parameter.required === true);
}
