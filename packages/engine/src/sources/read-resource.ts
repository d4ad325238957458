import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import { fileURLToPath } from 'node:url';
import { httpClientFor, sendRequest } from '../http/send.js';
import type { TlsOptions } from '../http/tls-options.js';
import type { TransportError } from '../http/types.js';
import { LoomError } from '../errors.js';
import { hostAllowed } from './allowed-hosts.js';
import { displayUrl, isRemoteUrl, referenceRefusal, resolveUrl } from './urls.js';

/**
 * Reads the text of a document (an Arazzo document, an OpenAPI description, a file a
 * `$ref` points at) from a `file:` or `http(s):` URL. This is the one place source
 * documents meet the file system and the network; everything after it is pure.
 */

export interface ReadResourceOptions {
  readonly signal?: AbortSignal;
  /** Whole-request limit for http(s), redirects included. Default 30 s. */
  readonly timeoutMs?: number;
  /** DECISIONS D25: no network at all; an http(s) URL is refused before anything is sent (CLI `--offline`). */
  readonly offline?: boolean;
  /**
   * DECISIONS D36: the only hosts documents may be read from over http(s), each redirect hop included
   * (CLI `--allow-host`). Absent: any host. See `hostAllowed` for the matching.
   */
  readonly allowHosts?: readonly string[];
  /** Client certificates and private CAs for https reads, the same as the run's (DECISIONS D79, D80). */
  readonly tls?: TlsOptions;
}

export interface ReadResourceResult {
  /** The URL the text came from: after redirects, so relative references resolve against it. */
  readonly url: string;
  readonly text: string;
}

export const DEFAULT_READ_TIMEOUT_MS = 30_000;
export const MAX_REDIRECTS = 5;
/** A description larger than this is refused rather than parsed; the cap holds while reading (DECISIONS D25). */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

const ACCEPT = 'application/vnd.oai.openapi+json, application/vnd.oai.openapi, application/yaml, application/json, text/yaml, text/plain;q=0.9, */*;q=0.8';

/**
 * Reads a document's text.
 * @throws LoomError `LOOM_ERR_READ` with a one-line message ("cannot read x.yaml: no such file",
 *   "GET https://…: 404 Not Found", "cannot reach https://…: connection refused", "… not a regular file",
 *   "… the network is off (--offline)", "… redirected to a file: URL");
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
    return { url: url.href, text: decodeText(await readRegularFile(path, shown, signal)) };
  } catch (error) {
    if (error instanceof LoomError) throw error;
    if (signal?.aborted) throw new LoomError('LOOM_ERR_ABORTED', `reading ${shown} was cancelled`, { cause: error });
    throw new LoomError('LOOM_ERR_READ', `cannot read ${shown}: ${fileErrorReason(error)}`, { cause: error });
  }
}

/**
 * O_NONBLOCK: opening a FIFO that has no writer would otherwise wait for one forever (holding
 * one of libuv's few threads); it has no effect on regular files. Windows has no such flag.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const READ_CHUNK_BYTES = 64 * 1024;

/**
 * DECISIONS D25: only regular files are read. The handle is checked (fstat), not the path, so
 * what is checked is what is read; `/dev/zero`, a FIFO or a socket is refused before any read,
 * and the size cap holds while reading, since a file can grow and some (`/proc`) report size 0.
 */
async function readRegularFile(path: string, shown: string, signal: AbortSignal | undefined): Promise<Uint8Array> {
  const handle = await open(path, OPEN_FLAGS);
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new LoomError('LOOM_ERR_READ', `cannot read ${shown}: it is a directory`);
    if (!info.isFile()) throw new LoomError('LOOM_ERR_READ', `cannot read ${shown}: not a regular file (${fileKind(info)})`);
    if (info.size > MAX_DOCUMENT_BYTES) throw tooLarge(shown);
    return await readCapped(handle, shown, signal);
  } finally {
    await handle.close();
  }
}

async function readCapped(handle: FileHandle, shown: string, signal: AbortSignal | undefined): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    signal?.throwIfAborted();
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK_BYTES, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    total += bytesRead;
    if (total > MAX_DOCUMENT_BYTES) throw tooLarge(shown);
    chunks.push(bytesRead === READ_CHUNK_BYTES ? buffer : buffer.subarray(0, bytesRead));
  }
}

function fileKind(info: { isCharacterDevice(): boolean; isBlockDevice(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  return 'not a file Loom reads';
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
    case 'ENXIO':
      // What open() says for a unix socket.
      return 'not a regular file (a socket or a device)';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

async function readHttpUrl(url: string, options: ReadResourceOptions): Promise<ReadResourceResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  // The time limit covers the whole read, redirects included: one timer for all hops, whatever
  // the client's own (per-phase) timeouts do.
  const deadline = Date.now() + timeoutMs;
  const timer = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timer]) : timer;
  const send = httpClientFor(options.tls)?.send ?? sendRequest;
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const shown = displayUrl(current);
    checkNetworkAccess(current, shown, options);
    // The engine's own HTTP client (the one place undici is used): the body as bytes, capped.
    const sent = await send(
      { method: 'GET', url: current, headers: { accept: ACCEPT } },
      { timeoutMs: Math.max(1, deadline - Date.now()), maxResponseBytes: MAX_DOCUMENT_BYTES, decodeBody: false, signal },
    );
    if (!sent.ok) {
      const timedOut = sent.error.code === 'aborted' && timer.aborted && !options.signal?.aborted;
      throw networkError(timedOut ? { ...sent.error, code: 'timeout' } : sent.error, shown, timeoutMs);
    }
    const { statusCode, headers, body } = sent.response;
    const location = headers['location'];
    if (statusCode >= 300 && statusCode < 400 && statusCode !== 304 && typeof location === 'string') {
      const next = resolveUrl(location, current);
      if (redirects >= MAX_REDIRECTS) {
        throw new LoomError('LOOM_ERR_READ', `GET ${displayUrl(url)}: more than ${MAX_REDIRECTS} redirects (last to ${displayUrl(next)})`);
      }
      // DECISIONS D25: a redirect is a reference made by the server; it stays within http(s).
      if (!isRemoteUrl(next)) {
        const scheme = /^[^:]+:/.exec(next)?.[0] ?? next;
        throw new LoomError('LOOM_ERR_READ', `GET ${shown}: redirected to a ${scheme} URL, which is not followed: ${referenceRefusal(next, current)}`);
      }
      current = next;
      continue;
    }
    if (statusCode < 200 || statusCode >= 300) {
      throw new LoomError('LOOM_ERR_READ', `GET ${shown}: ${statusCode} ${STATUS_CODES[statusCode] ?? 'error'}`.trimEnd());
    }
    return { url: current, text: decodeText(body instanceof Uint8Array ? body : new Uint8Array()) };
  }
}

/** DECISIONS D25 (`offline`) and D36 (`allowHosts`), checked before every request, each redirect hop included. */
function checkNetworkAccess(url: string, shown: string, options: ReadResourceOptions): void {
  if (options.offline) throw new LoomError('LOOM_ERR_READ', `cannot read ${shown}: the network is off (--offline)`);
  if (options.allowHosts !== undefined && !hostAllowed(new URL(url), options.allowHosts)) {
    const allowed = options.allowHosts.length > 0 ? options.allowHosts.join(', ') : 'none';
    throw new LoomError('LOOM_ERR_READ', `cannot read ${shown}: host '${new URL(url).host}' is not an allowed host (--allow-host; allowed: ${allowed})`);
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
