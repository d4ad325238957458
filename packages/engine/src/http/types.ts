/**
 * The HTTP edge the runner calls: one request in, a response or a transport
 * error out, never an exception for a network problem.
 */
import type { RequestBodyContent } from '../request/request-body.js';

/** One request for an {@link HttpClient} to send. */
export interface HttpRequest {
  /** Any case; sent upper-cased (`get` is sent as `GET`). */
  readonly method: string;
  /** Absolute http(s) URL, path and query already encoded. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A FormData body gets its `multipart/form-data; boundary=...` Content-Type from undici. */
  readonly body?: RequestBodyContent;
  /**
   * The source description whose operation a step's request calls, for clients that treat sources apart
   * (`@loom/queue`'s rate limits); absent on other requests (documents, tokens).
   */
  readonly source?: string;
}

/** How an {@link HttpClient} sends one request. */
export interface SendOptions {
  /** Covers connecting, the response headers and the whole body. Default 30 000. */
  readonly timeoutMs?: number;
  /** A longer body fails with `body-too-large` and the connection is dropped. Default 10 MiB. */
  readonly maxResponseBytes?: number;
  /** Aborting it ends the request with `aborted`. */
  readonly signal?: AbortSignal;
  /** `false`: the body is returned as its bytes, undecoded (for reading documents). Default `true` (DECISIONS D20). */
  readonly decodeBody?: boolean;
}

/** A response, its body read whole and decoded. */
export interface HttpResponse {
  readonly statusCode: number;
  /** Names lower-case; repeated headers (`set-cookie`) as arrays. */
  readonly headers: Readonly<Record<string, string | string[]>>;
  /**
   * DECISIONS D20: parsed JSON for JSON media types (invalid JSON: the text,
   * with `bodyError` set), the text for XML and `text/*`, a Uint8Array for
   * anything else, `undefined` for an empty body.
   */
  readonly body: unknown;
  /** Why `body` is not what its media type promised (invalid JSON). */
  readonly bodyError?: string;
  readonly contentType?: string;
  /** Body size on the wire (after any transfer decoding), in bytes. */
  readonly bytes: number;
  /** From sending the request to the last byte of the body. */
  readonly durationMs: number;
}

/** Why a request got no response. */
export type TransportErrorCode =
  | 'connection-refused'
  | 'dns'
  | 'reset'
  | 'timeout'
  | 'tls'
  | 'body-too-large'
  | 'aborted'
  | 'invalid-url'
  | 'other';

/** A request that got no response; a step fails with its message. */
export interface TransportError {
  readonly code: TransportErrorCode;
  /** One clear sentence, e.g. `connection refused by 127.0.0.1:4312`. */
  readonly message: string;
  /** The underlying error, for traces; never needed to decide anything. */
  readonly cause?: unknown;
}

/** What {@link HttpClient.send} resolves to: a response (any status), or the transport error. */
export type SendResult =
  | { readonly ok: true; readonly response: HttpResponse }
  | { readonly ok: false; readonly error: TransportError };

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
