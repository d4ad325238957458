/**
 * The only place Loom talks to the network: undici's dispatcher (see
 * collect-response.ts for why not its `request()` or fetch) over one keep-alive
 * Agent per client, so a whole run, or many, reuse connections. Transport
 * problems come back as data, never as a throw.
 */
import { normalizeMethod } from './method.js';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import { formatByteLimit } from './body-cap.js';
import { dispatchAndCollect } from './collect-response.js';
import { decodeResponseBody } from './response-body.js';
import { classifyTransportError, hostAndPort } from './transport-errors.js';
import { createTlsConnector, type TlsOptions } from './tls-options.js';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type HttpRequest,
  type HttpResponse,
  type SendOptions,
  type SendResult,
  type TransportError,
} from './types.js';

/** Connection settings of a client made by {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Most connections per origin; unlimited when absent (undici's default). */
  readonly connections?: number;
  /** How long an idle keep-alive connection stays open. Default 4 000 ms (undici's). */
  readonly keepAliveTimeoutMs?: number;
  /** TCP + TLS connect timeout. Default 10 000 ms (undici's); the per-request timeout also covers it. */
  readonly connectTimeoutMs?: number;
  /** `false` accepts any TLS certificate (self-signed test servers). Default `true`. */
  readonly rejectUnauthorized?: boolean;
  /** Client certificates and private CAs (DECISIONS D79, D80). */
  readonly tls?: TlsOptions;
}

/**
 * What sends a run's requests (`RunOptions.httpClient`): wrap one from {@link createHttpClient} to observe or
 * change requests.
 */
export interface HttpClient {
  /** Sends one request and reads its whole response. Never rejects. */
  send(request: HttpRequest, options?: SendOptions): Promise<SendResult>;
  /** Closes the pooled connections; later sends fail with code `other`. */
  close(): Promise<void>;
}

/**
 * A client with its own connection pool; close it when the run (or the process) is done.
 * @throws LoomError `LOOM_ERR_USAGE` when `tls` holds a host pattern, certificate, key or CA that cannot be used.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const connectBase = {
    ...(options.connectTimeoutMs !== undefined ? { timeout: options.connectTimeoutMs } : {}),
    ...(options.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
  };
  const agent = new Agent({
    ...(options.connections !== undefined ? { connections: options.connections } : {}),
    ...(options.keepAliveTimeoutMs !== undefined ? { keepAliveTimeout: options.keepAliveTimeoutMs } : {}),
    connect: options.tls !== undefined ? createTlsConnector(options.tls, connectBase) : connectBase,
  });
  return {
    send: (request, sendOptions) => sendWith(agent, request, sendOptions ?? {}),
    close: () => agent.close(),
  };
}

let defaultClient: HttpClient | undefined;
/** One pooled client per TLS settings object, shared by the runs and loads given that object. */
const tlsClients = new WeakMap<TlsOptions, HttpClient>();

/**
 * The client for a run's or a load's `tls` option: undefined when absent (the caller's default applies),
 * else one client per settings object, made on first use (its idle connections never keep the process alive).
 * @throws LoomError `LOOM_ERR_USAGE` as {@link createHttpClient}.
 */
export function httpClientFor(tls: TlsOptions | undefined): HttpClient | undefined {
  if (tls === undefined) return undefined;
  let client = tlsClients.get(tls);
  if (client === undefined) {
    client = createHttpClient({ tls });
    tlsClients.set(tls, client);
  }
  return client;
}

/** Sends with a shared default client (created on first use). */
export function sendRequest(request: HttpRequest, options: SendOptions = {}): Promise<SendResult> {
  defaultClient ??= createHttpClient();
  return defaultClient.send(request, options);
}

/** Closes the default client's connections; the next `sendRequest` opens a new one. */
export async function closeDefaultHttpClient(): Promise<void> {
  const client = defaultClient;
  defaultClient = undefined;
  await client?.close();
}

async function sendWith(dispatcher: Dispatcher, request: HttpRequest, options: SendOptions): Promise<SendResult> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { ok: false, error: { code: 'invalid-url', message: `'${request.url}' is not a valid absolute URL` } };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: { code: 'invalid-url', message: `'${request.url}' is not an http or https URL` } };
  }
  if (options.signal?.aborted === true) {
    return { ok: false, error: { code: 'aborted', message: `request to ${hostAndPort(url)} aborted before it was sent` } };
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const method = normalizeMethod(request.method) as Dispatcher.HttpMethod;
  const started = performance.now();
  try {
    // The per-request timeout is one deadline over the whole request (collect-response.ts,
    // deadlines.ts). undici's headers and body timeouts are switched off: they are idle
    // timeouts on a 499 ms clock, late by up to half a second, and a body trickled a byte
    // at a time never trips them.
    const collected = await dispatchAndCollect(
      dispatcher,
      {
        origin: url.origin,
        path: url.search === '' ? url.pathname : url.pathname + url.search,
        method,
        headers: headersFor(request),
        body: request.body ?? null,
        headersTimeout: 0,
        bodyTimeout: 0,
      },
      { maxBytes, timeoutMs, ignoreContentLength: method === 'HEAD', ...(options.signal ? { signal: options.signal } : {}) },
    );
    if (!collected.ok) {
      return { ok: false, error: collected.reason === 'timeout' ? timeoutError(url, timeoutMs, collected.headersReceived) : tooLargeError(collected.limit) };
    }
    const headers = collected.headers as Record<string, string | string[]>;
    const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined;
    const decoded = options.decodeBody === false ? { body: collected.body } : decodeResponseBody(collected.body, contentType);
    const result: HttpResponse = {
      statusCode: collected.statusCode,
      headers,
      body: decoded.body,
      ...(decoded.bodyError !== undefined ? { bodyError: decoded.bodyError } : {}),
      ...(contentType !== undefined ? { contentType } : {}),
      bytes: collected.body.length,
      durationMs: performance.now() - started,
    };
    return { ok: true, response: result };
  } catch (error) {
    return {
      ok: false,
      error: classifyTransportError(error, { url, timeoutMs, aborted: isAborted(options.signal) }),
    };
  }
}

function timeoutError(url: URL, timeoutMs: number, headersReceived: boolean): TransportError {
  const target = hostAndPort(url);
  return {
    code: 'timeout',
    message: headersReceived
      ? `the response from ${target} did not complete within ${timeoutMs} ms`
      : `no response within ${timeoutMs} ms from ${target}`,
  };
}

function tooLargeError(limit: number): TransportError {
  return { code: 'body-too-large', message: `response body exceeds ${formatByteLimit(limit)} limit` };
}

function headersFor(request: HttpRequest): Readonly<Record<string, string>> {
  if (request.body === undefined || typeof request.body === 'string' || request.body instanceof Uint8Array) {
    return request.headers;
  }
  // A FormData body: undici writes Content-Type with the boundary it chose, and
  // only when none is given, so a caller's multipart Content-Type must go.
  const headers: Record<string, string> = {};
  for (const name of Object.keys(request.headers)) {
    if (name.toLowerCase() !== 'content-type') headers[name] = request.headers[name] as string;
  }
  return headers;
}

/** Read through a call, so that TypeScript does not narrow it from the check before the request. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
