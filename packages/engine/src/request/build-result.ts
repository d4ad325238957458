/**
 * Building a request from a step is pure: a value that cannot be put on the wire
 * (a missing path parameter, a header value with a line break, a replacement
 * target that does not exist) is returned as data, so the runner can fail the
 * step with a clear message instead of catching exceptions.
 */
export type RequestBuildErrorCode =
  /** A `{name}` in the path template has no value. */
  | 'missing-path-parameter'
  /** DECISIONS D13: a parameter without `in` matches no operation parameter of that name. */
  | 'unknown-parameter-location'
  /** DECISIONS D13: a parameter without `in` matches more than one operation parameter of that name. */
  | 'ambiguous-parameter-location'
  /** A `style` that is unknown or not defined for the parameter's location or value. */
  | 'unsupported-style'
  /** A header (or cookie) value holds characters HTTP does not allow (CR, LF, NUL, non-Latin-1). */
  | 'invalid-header-value'
  /** A value cannot be serialized (a BigInt, a circular structure, a function). */
  | 'unserializable-value'
  /** A server URL uses a `{variable}` its Server Object does not define. */
  | 'server-variable'
  /** The server URL is not an absolute http(s) URL once resolved. */
  | 'invalid-server-url'
  /** A payload replacement target is not a usable JSON Pointer, or its parent does not exist. */
  | 'replacement-target'
  /** An XML payload replacement needs an XPath implementation that was not supplied. */
  | 'xpath-unsupported'
  /** The payload does not fit its content type (for example a number for multipart/form-data). */
  | 'invalid-payload';

export interface RequestBuildError {
  readonly code: RequestBuildErrorCode;
  /** One plain sentence, naming the parameter, variable or target concerned. */
  readonly message: string;
  /** The parameter concerned, when there is one. */
  readonly parameter?: string;
  /** The replacement target or server variable concerned, when there is one. */
  readonly target?: string;
}

export type BuildResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RequestBuildError };

export function built<T>(value: T): BuildResult<T> {
  return { ok: true, value };
}

export function buildError(
  code: RequestBuildErrorCode,
  message: string,
  detail: { parameter?: string; target?: string } = {},
): { readonly ok: false; readonly error: RequestBuildError } {
  return { ok: false, error: { code, message, ...detail } };
}
