import { readFile, stat } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import { fileURLToPath } from 'node:url';
import { sendRequest } from '../http/send.js';
import type { TransportError } from '../http/types.js';
import { LoomError } from '../errors.js';
import { displayUrl, resolveUrl } from './urls.js';

/**
 * Reads the text of a document (an Arazzo document, an OpenAPI description, a file a
 * `$ref` points at) from a `file:` or `http(s):` URL. This is the one place source
 * documents meet the file system and the network; everything after it is pure.
 */

export interface ReadResourceOptions {
  readonly signal?: AbortSignal;
  /** Whole-request limit for http(s), redirects included. Default 30 s. */
  readonly timeoutMs?: number;
}

export interface ReadResourceResult {
  /** The URL the text came from: after redirects, so relative references resolve against it. */
  readonly url: string;
  readonly text: string;
}

export const DEFAULT_READ_TIMEOUT_MS = 30_000;
export const MAX_REDIRECTS = 5;
/** A description larger than this is refused rather than parsed. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

const ACCEPT = 'application/vnd.oai.openapi+json, application/vnd.oai.openapi, application/yaml, application/json, text/yaml, text/plain;q=0.9, */*;q=0.8';

/**
 * Reads a document's text.
 * @throws LoomError `LOOM_ERR_READ` with a one-line message ("cannot read x.yaml: no such file",
 *   "GET https://…: 404 Not Found", "cannot reach https://…: connection refused");
 *   `LOOM_ERR_ABORTED` when `options.signal` aborts.
 */
export async function readResource(url: string, options: ReadResourceOptions = {}): Promise<ReadResourceResult> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LoomError('LOOM_ERR_READ', `cannot read '${url}': not a URL`);
  }
  if (parsed.protocol === 'file:') return readFileUrl(parsed, options.signal);
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return readHttpUrl(parsed.href, options);
  throw new LoomError('LOOM_ERR_READ', `cannot read ${displayUrl(url)}: unsupported URL scheme '${parsed.protocol}' (use a file path, http: or https:)`);
}

async function readFileUrl(url: URL, signal: AbortSignal | undefined): Promise<ReadResourceResult> {
  const shown = displayUrl(url.href);
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch (cause) {
    throw new LoomError('LOOM_ERR_READ', `cannot read ${shown}: not a local file URL`, { cause });
  }
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new LoomError('LOOM_ERR_READ', `cannot read ${shown}: it is a directory`);
    if (info.size > MAX_DOCUMENT_BYTES) throw tooLarge(shown);
    const bytes = await readFile(path, signal ? { signal } : {});
    return { url: url.href, text: decodeText(bytes) };
  } catch (error) {
    if (error instanceof LoomError) throw error;
    if (signal?.aborted) throw new LoomError('LOOM_ERR_ABORTED', `reading ${shown} was cancelled`, { cause: error });
    throw new LoomError('LOOM_ERR_READ', `cannot read ${shown}: ${fileErrorReason(error)}`, { cause: error });
  }
}

function fileErrorReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'ENOTDIR':
      return 'a parent of it is not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

async function readHttpUrl(url: string, options: ReadResourceOptions): Promise<ReadResourceResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const shown = displayUrl(current);
    // The engine's own HTTP client (the one place undici is used): the body as bytes, capped.
    const sent = await sendRequest(
      { method: 'GET', url: current, headers: { accept: ACCEPT } },
      { timeoutMs, maxResponseBytes: MAX_DOCUMENT_BYTES, decodeBody: false, ...(options.signal ? { signal: options.signal } : {}) },
    );
    if (!sent.ok) throw networkError(sent.error, shown, timeoutMs);
    const { statusCode, headers, body } = sent.response;
    const location = headers['location'];
    if (statusCode >= 300 && statusCode < 400 && statusCode !== 304 && typeof location === 'string') {
      if (redirects >= MAX_REDIRECTS) {
        throw new LoomError('LOOM_ERR_READ', `GET ${displayUrl(url)}: more than ${MAX_REDIRECTS} redirects (last to ${displayUrl(resolveUrl(location, current))})`);
      }
      current = resolveUrl(location, current);
      continue;
    }
    if (statusCode < 200 || statusCode >= 300) {
      throw new LoomError('LOOM_ERR_READ', `GET ${shown}: ${statusCode} ${STATUS_CODES[statusCode] ?? 'error'}`.trimEnd());
    }
    return { url: current, text: decodeText(body instanceof Uint8Array ? body : new Uint8Array()) };
  }
}

function networkError(error: TransportError, shown: string, timeoutMs: number): LoomError {
  switch (error.code) {
    case 'aborted':
      return new LoomError('LOOM_ERR_ABORTED', `reading ${shown} was cancelled`, { cause: error.cause });
    case 'timeout':
      return new LoomError('LOOM_ERR_READ', `cannot read ${shown}: no answer within ${formatMs(timeoutMs)}`, { cause: error.cause });
    case 'body-too-large':
      return tooLarge(shown);
    case 'connection-refused':
      return new LoomError('LOOM_ERR_READ', `cannot reach ${shown}: connection refused`, { cause: error.cause });
    case 'dns':
      return new LoomError('LOOM_ERR_READ', `cannot reach ${shown}: host not found`, { cause: error.cause });
    case 'reset':
      return new LoomError('LOOM_ERR_READ', `cannot reach ${shown}: connection closed by the server`, { cause: error.cause });
    default:
      return new LoomError('LOOM_ERR_READ', `cannot reach ${shown}: ${error.message}`, { cause: error.cause });
  }
}

function tooLarge(shown: string): LoomError {
  return new LoomError('LOOM_ERR_READ', `cannot read ${shown}: larger than ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MiB`);
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** UTF-8, with a byte order mark dropped (editors on Windows add one). */
function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
}
