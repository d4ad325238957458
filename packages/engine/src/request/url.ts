/**
 * The request URL: server URL (DECISIONS D18) + expanded path + query string.
 */
import { readOwn } from '@loom/expressions/internal';
import type { OpenApiServer } from '../sources/types.js';
import { type BuildResult, buildError, built } from './build-result.js';

const SERVER_VARIABLE = /\{([^{}]+)\}/g;
const USERINFO = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#@]*@/;

/** A server to send to: its URL, never with credentials in it (DECISIONS D31). */
export interface ResolvedServer {
  readonly url: string;
  /** DECISIONS D31: `Basic ...` made from credentials the server URL held (`http://user:pass@host`). */
  readonly authorization?: string;
  /** The password of those credentials, decoded: a secret of the run. */
  readonly password?: string;
}

/**
 * DECISIONS D18: the server to call is `override` when given (`--server`), else
 * the first of `servers` (the operation's, path item's or document's, already
 * chosen by the loader), with its variables at their defaults; with no servers,
 * OAS 3.1 §OpenAPI Object's default of `/`. A relative URL resolves against the
 * OpenAPI document's own URL. The result is an absolute http(s) URL.
 */
export function resolveServerUrl(
  servers: readonly OpenApiServer[],
  documentUrl: string,
  override?: string,
): BuildResult<ResolvedServer> {
  let template: string;
  if (override !== undefined) {
    template = override;
  } else {
    const server = servers[0];
    template = server?.url ?? '/';
    if (server !== undefined) {
      const substituted = substituteServerVariables(server);
      if (!substituted.ok) return substituted;
      template = substituted.value;
    }
  }

  let resolved: URL;
  try {
    resolved = new URL(template, documentUrl);
  } catch {
    return buildError('invalid-server-url', `server URL '${hideUserinfo(template)}' is not a valid URL (relative to ${documentUrl})`);
  }
  if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:') {
    const hint = override === undefined ? '; pass the server to use with --server <source>=<url>' : '';
    return buildError(
      'invalid-server-url',
      `server URL '${hideUserinfo(template)}' resolves to ${hideUserinfo(resolved.href)}, which is not an http(s) URL${hint}`,
    );
  }
  return built(withoutCredentials(resolved));
}

/**
 * DECISIONS D31: credentials in a server URL go as Basic auth, as curl sends them
 * (RFC 9110 §11.2 and RFC 7617; the userinfo is percent-decoded first), and leave
 * the URL, so no URL Loom shows or sends carries them.
 */
function withoutCredentials(url: URL): ResolvedServer {
  if (url.username === '' && url.password === '') return { url: url.href };
  const username = percentDecode(url.username);
  const password = percentDecode(url.password);
  url.username = '';
  url.password = '';
  return { url: url.href, authorization: `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`, password };
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A URL as text with any `user:password@` replaced, for messages (DECISIONS D31). */
function hideUserinfo(text: string): string {
  return text.replace(USERINFO, '$1****@');
}

/**
 * OAS 3.1 §Server Object: each `{name}` takes its Server Variable's `default`.
 * DECISIONS D37: a string default as written, a finite number in its decimal form (a port written
 * unquoted in YAML); any other value is an error naming the variable, so an object (say, one a
 * `$ref` pulled in) never reaches a URL as `[object Object]` or JSON.
 */
export function substituteServerVariables(server: OpenApiServer): BuildResult<string> {
  let unknown: string | undefined;
  let invalid: { readonly name: string; readonly kind: string } | undefined;
  const url = server.url.replace(SERVER_VARIABLE, (whole, name: string) => {
    const variable = server.variables === undefined ? undefined : (readOwn(server.variables, name) as (typeof server.variables)[string] | undefined);
    if (variable === undefined || variable.default === undefined) {
      unknown ??= name;
      return whole;
    }
    const value = variable.default;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    invalid ??= { name, kind: kindOf(value) };
    return whole;
  });
  if (invalid !== undefined) {
    return buildError(
      'server-variable',
      `server URL '${server.url}': server variable '${invalid.name}' has ${invalid.kind} as its default; OpenAPI wants a string`,
      { target: invalid.name },
    );
  }
  if (unknown !== undefined) {
    return buildError(
      'server-variable',
      `server URL '${server.url}' uses variable '${unknown}', which its Server Object does not define with a default`,
      { target: unknown },
    );
  }
  return built(url);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return 'a non-finite number';
  return `a ${typeof value}`;
}

/**
 * Joins a resolved server URL, an expanded path and a query string, keeping the
 * server's base path (`https://api.x.com/v2` + `/pets` -> `https://api.x.com/v2/pets`).
 * A query already on the server URL is kept ahead of the parameters'.
 */
export function buildRequestUrl(serverUrl: string, path: string, query: string): string {
  const hashAt = serverUrl.indexOf('#');
  const withoutHash = hashAt === -1 ? serverUrl : serverUrl.slice(0, hashAt);
  const queryAt = withoutHash.indexOf('?');
  const base = queryAt === -1 ? withoutHash : withoutHash.slice(0, queryAt);
  const serverQuery = queryAt === -1 ? '' : withoutHash.slice(queryAt + 1);

  const trimmedBase = base.replace(/\/+$/, '');
  const joinedPath = path === '' ? '/' : path.startsWith('/') ? path : '/' + path;
  const fullQuery = serverQuery !== '' && query !== '' ? `${serverQuery}&${query}` : serverQuery || query;
  return fullQuery === '' ? trimmedBase + joinedPath : `${trimmedBase}${joinedPath}?${fullQuery}`;
}
