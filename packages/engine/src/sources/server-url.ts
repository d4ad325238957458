import type { OpenApiOperation } from './types.js';
import { resolveUrl } from './urls.js';

/**
 * The base URL requests to `operation` go to (DECISIONS D18): `override` when given
 * (`--server <sourceName>=<url>`), else the first of the operation's effective servers
 * (operation, else path item, else document; OpenAPI's default `/` when none) with server
 * variables at their defaults, resolved against the OpenAPI document's own URL.
 * The result has no trailing `/`, so `base + operation.path` is the request URL.
 * Returns `undefined` when that does not give an http(s) URL (a relative server URL in a
 * description read from a file, a variable with no default): the caller then asks for an override.
 */
export function serverUrlFor(operation: OpenApiOperation, override?: string): string | undefined {
  if (override !== undefined) return trimTrailingSlash(override);
  const server = operation.servers[0];
  const template = server?.url ?? '/';
  // OpenAPI §Server Object: `{name}` is replaced by the variable's value; Loom uses the default.
  let undefinedVariable = false;
  const written = template.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
    const value = server?.variables?.[name]?.default;
    if (value === undefined) undefinedVariable = true;
    return value ?? whole;
  });
  if (undefinedVariable) return undefined;
  let url: URL;
  try {
    url = new URL(resolveUrl(written, operation.sourceUrl));
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  url.search = '';
  return trimTrailingSlash(url.href);
}

function trimTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
