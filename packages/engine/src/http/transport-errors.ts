/**
 * Maps whatever undici or Node threw to one TransportError with a stable code
 * and a sentence a user can act on. The codes come from Node's system errors
 * (`ECONNREFUSED`, `ENOTFOUND`, ...), OpenSSL's certificate errors and undici's
 * `UND_ERR_*`, found anywhere along the `cause` chain or inside an
 * AggregateError (Happy Eyeballs tries several addresses).
 */
import type { TransportError } from './types.js';

export interface FailureContext {
  readonly url: URL;
  readonly timeoutMs: number;
  readonly aborted: boolean;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
]);
/** OpenSSL's codes for a certificate whose issuer is not trusted (a private CA). */
const UNTRUSTED_ISSUER_CODES = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);

/** `host:port` with the scheme's default port spelled out, as users see it in their server config. */
export function hostAndPort(url: URL): string {
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
  return `${url.hostname}:${port}`;
}

function errorCodes(error: unknown): { codes: string[]; message: string } {
  const codes: string[] = [];
  let message = '';
  const seen = new Set<unknown>();
  const visit = (node: unknown, depth: number): void => {
    if (node === null || typeof node !== 'object' || seen.has(node) || depth > 8) return;
    seen.add(node);
    const record = node as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof record.code === 'string') codes.push(record.code);
    if (message === '' && typeof record.message === 'string' && record.message !== '') message = record.message;
    visit(record.cause, depth + 1);
    if (Array.isArray(record.errors)) for (const inner of record.errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  if (message === '' && typeof error === 'string') message = error;
  return { codes, message };
}

export function classifyTransportError(error: unknown, context: FailureContext): TransportError {
  const target = hostAndPort(context.url);
  if (context.aborted) return { code: 'aborted', message: `request to ${target} aborted`, cause: error };

  const { codes, message } = errorCodes(error);
  const has = (set: ReadonlySet<string>) => codes.some((code) => set.has(code));
  if (codes.includes('ECONNREFUSED')) {
    return { code: 'connection-refused', message: `connection refused by ${target}`, cause: error };
  }
  if (has(DNS_CODES)) {
    return { code: 'dns', message: `DNS lookup failed for ${context.url.hostname}`, cause: error };
  }
  if (has(TLS_CODES) || codes.some((code) => code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.startsWith('CERT_'))) {
    const hint = has(UNTRUSTED_ISSUER_CODES) ? ' (a server certificate from a private CA needs that CA: --ca)' : '';
    return { code: 'tls', message: `TLS handshake with ${target} failed: ${message}${hint}`, cause: error };
  }
  if (has(TIMEOUT_CODES)) {
    return { code: 'timeout', message: `no response within ${context.timeoutMs} ms from ${target} (${message})`, cause: error };
  }
  if (has(RESET_CODES)) {
    if (context.url.protocol === 'https:' && closedBeforeAnyByte(error)) {
      // TLS 1.3: a server refuses a client certificate (or the lack of one) with an alert after the
      // client's side of the handshake is done; undici sees only the connection closing.
      return {
        code: 'reset',
        message: `connection closed by ${target} before any response; a server that requires a client certificate does this when none or one it does not accept is sent (--client-cert)`,
        cause: error,
      };
    }
    return { code: 'reset', message: `connection reset by ${target} before the response was complete`, cause: error };
  }
  if (codes.includes('UND_ERR_ABORTED')) return { code: 'aborted', message: `request to ${target} aborted`, cause: error };
  if (has(UNREACHABLE_CODES)) return { code: 'other', message: `${target} is unreachable (${message})`, cause: error };
  if (codes.includes('UND_ERR_DESTROYED') || codes.includes('UND_ERR_CLOSED')) {
    return { code: 'other', message: 'the HTTP client was closed before the request could be sent', cause: error };
  }
  if (codes.includes('UND_ERR_INVALID_ARG')) {
    return { code: 'other', message: `invalid request to ${target}: ${message}`, cause: error };
  }
  return { code: 'other', message: `request to ${target} failed: ${message || 'unknown error'}`, cause: error };
}

/** undici's SocketError carries the socket's counters: nothing read means no response byte arrived. */
function closedBeforeAnyByte(error: unknown): boolean {
  const socket = (error as { socket?: { bytesRead?: unknown } } | null)?.socket;
  return (error as { code?: unknown } | null)?.code === 'UND_ERR_SOCKET' && socket?.bytesRead === 0;
}
