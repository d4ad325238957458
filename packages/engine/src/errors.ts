/**
 * Exceptions are for misuse and run-time failures, never for problems in a
 * document (those are Diagnostics). Every LoomError carries a fixed `code`
 * from this closed list; match on `code`, never on the message text.
 */
export type LoomErrorCode =
  /** A file or URL could not be read (missing, unreadable, HTTP error). */
  | 'LOOM_ERR_READ'
  /** The document is not usable at all (malformed YAML, not an object, unsupported version); `diagnostics` says why. */
  | 'LOOM_ERR_DOCUMENT'
  /** The document has validation errors; `diagnostics` lists them. */
  | 'LOOM_ERR_INVALID'
  /** An API was called with arguments that cannot work (unknown workflowId, bad option). */
  | 'LOOM_ERR_USAGE'
  /** Workflow inputs failed their schema. */
  | 'LOOM_ERR_INPUTS'
  /** A run was cancelled by its AbortSignal. */
  | 'LOOM_ERR_ABORTED'
  /** A message broker's protocol (an AsyncAPI server's `protocol`) that no registered transport speaks, e.g. `kafka`. */
  | 'LOOM_ERR_PROTOCOL_UNSUPPORTED'
  /** A message transport failed: the broker could not be reached, refused the credentials, did not accept a message in time, or the connection was lost. */
  | 'LOOM_ERR_TRANSPORT'
  /** No matching message arrived within a receive's timeout. */
  | 'LOOM_ERR_MESSAGE_TIMEOUT';

/** What a {@link LoomError} may carry besides its code and message. */
export interface LoomErrorOptions {
  readonly cause?: unknown;
  readonly diagnostics?: readonly import('./diagnostics.js').Diagnostic[];
}

/**
 * The one exception type of `@loom/engine`: misuse and failures that stop an operation, never problems in a
 * document (those are {@link Diagnostic}s). Match on `code`.
 */
export class LoomError extends Error {
  override readonly name = 'LoomError';
  readonly code: LoomErrorCode;
  readonly diagnostics: readonly import('./diagnostics.js').Diagnostic[];

  constructor(code: LoomErrorCode, message: string, options: LoomErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.diagnostics = options.diagnostics ?? [];
  }
}

/**
 * One process can hold two copies of this module: the bundled CLI has its own, and
 * @loom/spectral-ruleset (loaded by `loom lint`, outside the bundle) loads the package's.
 * `instanceof` knows only its own copy; this mark, shared through the global symbol
 * registry, lets `isLoomError` recognise a LoomError from either.
 */
const LOOM_ERROR = Symbol.for('@loom/engine:LoomError');
Object.defineProperty(LoomError.prototype, LOOM_ERROR, { value: true });

/** True for a {@link LoomError}, also one thrown by another copy of this package in the same process. */
export function isLoomError(value: unknown): value is LoomError {
  return value instanceof LoomError || (value instanceof Error && (value as unknown as Record<symbol, unknown>)[LOOM_ERROR] === true);
}
