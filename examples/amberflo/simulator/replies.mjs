/**
 * What a handler answers: a status and a JSON body. Errors are shaped like Amberflo's
 * (an object with a human `message`), plus a stable `code` and, for invalid requests,
 * one `details` line per problem (the ErrorResponse schema in both OpenAPI files).
 */

/**
 * @typedef {{ status: number; body: unknown; headers?: Record<string, string> }} Reply
 * @typedef {'UNAUTHORIZED' | 'VALIDATION_ERROR' | 'NOT_FOUND' | 'ALREADY_EXISTS' | 'UNKNOWN_REFERENCE' | 'METHOD_NOT_ALLOWED' | 'PAYLOAD_TOO_LARGE'} ErrorCode
 */

/**
 * @param {unknown} body
 * @returns {Reply}
 */
export function ok(body) {
  return { status: 200, body };
}

/**
 * @param {number} status
 * @param {ErrorCode} code
 * @param {string} message
 * @param {string[]} [details]
 * @returns {Reply}
 */
export function problem(status, code, message, details) {
  return { status, body: details && details.length > 0 ? { message, code, details } : { message, code } };
}

/** At most this many problems are listed; a body with more is broken enough already. */
const MAX_DETAILS = 10;

/**
 * One readable line per ajv error, naming where in the value it is (`/type`, `[2]/customerId`).
 * @param {string} what the validated thing, for the line's start ("body", "query parameter customerId")
 * @param {import('ajv').ErrorObject[] | null | undefined} errors
 * @returns {string[]}
 */
export function describeSchemaErrors(what, errors) {
  return (errors ?? []).slice(0, MAX_DETAILS).map((error) => {
    const where = error.instancePath === '' ? what : `${what} ${error.instancePath}`;
    switch (error.keyword) {
      case 'required':
        return `${where}: missing required property '${String(error.params['missingProperty'])}'`;
      case 'enum':
        return `${where}: must be one of ${(/** @type {unknown[]} */ (error.params['allowedValues'])).map(String).join(', ')}`;
      case 'additionalProperties':
        return `${where}: unexpected property '${String(error.params['additionalProperty'])}'`;
      default:
        return `${where}: ${error.message ?? 'is invalid'}`;
    }
  });
}
