import { isRecord } from '@loom/expressions/internal';
import type { HttpClient } from '../http/send.js';
import type { SendOptions } from '../http/types.js';

/**
 * OAuth2 client credentials (RFC 6749 §4.4) and OpenID Connect discovery, with one token cache
 * per process (DECISIONS D76): a token is reused until it expires, by every run; runs that need
 * the same token at once share one request; a 401 with a token drops it so the next use fetches
 * a fresh one. Token responses are read here and never reach an event or a report.
 */

/** What identifies a token: the endpoint, the client and the scopes asked for. */
export interface TokenRequest {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: readonly string[];
}

export type TokenResult = { readonly ok: true; readonly token: string; readonly invalidate: () => void } | { readonly ok: false; readonly reason: string };

/** How the token requests are sent: the run's client, its timeout and body cap (not its signal: a fetch may be shared). */
export interface TokenTransport {
  readonly client: HttpClient;
  readonly sendOptions: Pick<SendOptions, 'timeoutMs' | 'maxResponseBytes'>;
  /** Every secret a token response holds (access and refresh tokens) is reported here before anything shows it. */
  readonly onSecret: (value: string) => void;
}

/** A token is dropped this long before it expires (at most half its lifetime), so it does not expire in flight. */
export const TOKEN_EXPIRY_MARGIN_MS = 30_000;
/** DECISIONS D76: the token cache holds at most this many tokens per process; the oldest goes first. */
export const MAX_CACHED_TOKENS = 100;

interface CachedToken {
  readonly token: string;
  /** `performance.now()` time after which it is fetched again; Infinity when the server gave no `expires_in`. */
  readonly expiresAt: number;
}

const tokens = new Map<string, CachedToken>();
const pending = new Map<string, Promise<TokenResult>>();
const discovered = new Map<string, Promise<{ readonly ok: true; readonly tokenUrl: string } | { readonly ok: false; readonly reason: string }>>();

/** A token for `request`: the cached one while it is valid, else one fetched (shared with concurrent callers). */
export async function clientCredentialsToken(request: TokenRequest, transport: TokenTransport): Promise<TokenResult> {
  const key = [request.tokenUrl, request.clientId, request.clientSecret, ...[...request.scopes].sort()].join('\u0000');
  const cached = tokens.get(key);
  if (cached !== undefined && performance.now() < cached.expiresAt) {
    transport.onSecret(cached.token);
    return { ok: true, token: cached.token, invalidate: invalidator(key, cached.token) };
  }
  let fetching = pending.get(key);
  if (fetching === undefined) {
    fetching = fetchToken(request, key, transport).finally(() => pending.delete(key));
    pending.set(key, fetching);
  }
  const result = await fetching;
  if (result.ok) transport.onSecret(result.token);
  return result;
}

function invalidator(key: string, token: string): () => void {
  return () => {
    // Only the token that was refused: another run may already have fetched the next one.
    if (tokens.get(key)?.token === token) tokens.delete(key);
  };
}

async function fetchToken(request: TokenRequest, key: string, transport: TokenTransport): Promise<TokenResult> {
  const started = performance.now();
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (request.scopes.length > 0) form.set('scope', request.scopes.join(' '));
  // RFC 6749 §2.3.1: client_secret_basic, which every authorization server must accept; id and secret form-encoded first.
  const basic = Buffer.from(`${formEncode(request.clientId)}:${formEncode(request.clientSecret)}`).toString('base64');
  transport.onSecret(request.clientSecret);
  transport.onSecret(basic);
  const sent = await transport.client.send(
    {
      method: 'POST',
      url: request.tokenUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${basic}` },
      body: form.toString(),
    },
    transport.sendOptions,
  );
  const failed = (why: string): TokenResult => ({ ok: false, reason: `cannot get an OAuth2 access token from ${request.tokenUrl}: ${why}` });
  if (!sent.ok) return failed(sent.error.message);
  const fields = tokenFields(sent.response.body);
  for (const name of ['access_token', 'refresh_token', 'id_token']) {
    const value = fields[name];
    if (typeof value === 'string') transport.onSecret(value);
  }
  if (sent.response.statusCode < 200 || sent.response.statusCode > 299) {
    // RFC 6749 §5.2: `error` is a code from a fixed list, safe to show; the rest of the body is not shown.
    const oauthError = typeof fields['error'] === 'string' ? ` (${fields['error']})` : '';
    return failed(`the token endpoint answered ${sent.response.statusCode}${oauthError}`);
  }
  const token = fields['access_token'];
  if (typeof token !== 'string' || token === '') return failed('the token response has no access_token');
  const expiresIn = Number(fields['expires_in']);
  const lifetimeMs = Number.isFinite(expiresIn) && fields['expires_in'] !== undefined ? expiresIn * 1000 : Infinity;
  const expiresAt = started + lifetimeMs - Math.min(TOKEN_EXPIRY_MARGIN_MS, lifetimeMs / 2);
  if (tokens.size >= MAX_CACHED_TOKENS) tokens.delete(tokens.keys().next().value!);
  tokens.set(key, { token, expiresAt });
  return { ok: true, token, invalidate: invalidator(key, token) };
}

/** RFC 6749 §5.1 asks for JSON; some servers answer form-encoded. */
function tokenFields(body: unknown): Record<string, unknown> {
  if (isRecord(body)) return body;
  if (typeof body === 'string') return Object.fromEntries(new URLSearchParams(body));
  if (body instanceof Uint8Array) return tokenFields(Buffer.from(body).toString('utf8'));
  return {};
}

/** RFC 6749 Appendix B: application/x-www-form-urlencoded, as client_secret_basic wants it. */
function formEncode(text: string): string {
  return new URLSearchParams({ v: text }).toString().slice(2);
}

/** The `token_endpoint` of an OpenID Connect discovery document, read once per process (failures are not kept). */
export function discoverTokenUrl(discoveryUrl: string, transport: TokenTransport): Promise<{ readonly ok: true; readonly tokenUrl: string } | { readonly ok: false; readonly reason: string }> {
  let found = discovered.get(discoveryUrl);
  if (found === undefined) {
    found = readDiscovery(discoveryUrl, transport).then((result) => {
      if (!result.ok) discovered.delete(discoveryUrl);
      return result;
    });
    discovered.set(discoveryUrl, found);
  }
  return found;
}

async function readDiscovery(discoveryUrl: string, transport: TokenTransport): Promise<{ readonly ok: true; readonly tokenUrl: string } | { readonly ok: false; readonly reason: string }> {
  const failed = (why: string) => ({ ok: false as const, reason: `cannot read the OpenID Connect discovery document ${discoveryUrl}: ${why}` });
  const sent = await transport.client.send({ method: 'GET', url: discoveryUrl, headers: { accept: 'application/json' } }, transport.sendOptions);
  if (!sent.ok) return failed(sent.error.message);
  if (sent.response.statusCode !== 200) return failed(`the server answered ${sent.response.statusCode}`);
  const tokenUrl = isRecord(sent.response.body) ? sent.response.body['token_endpoint'] : undefined;
  if (typeof tokenUrl !== 'string' || tokenUrl === '') return failed('it has no token_endpoint');
  try {
    return { ok: true, tokenUrl: new URL(tokenUrl, discoveryUrl).href };
  } catch {
    return failed(`its token_endpoint is not a URL`);
  }
}
