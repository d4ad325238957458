/**
 * DECISIONS D36: which hosts documents may be read from (`--allow-host`, API `allowHosts`).
 * An entry is a host name or IP address, matched exactly and without regard to case against the
 * URL's host (any port), or `host:port`, matched against that host and port only. There are no
 * wildcards: `example.com` does not allow `api.example.com`. An empty list allows no host.
 */

/** Whether documents may be read from `url`'s host. */
export function hostAllowed(url: URL, allowHosts: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  const port = url.port === '' ? (url.protocol === 'https:' ? '443' : '80') : url.port;
  return allowHosts.some((entry) => {
    const wanted = normalizeEntry(entry);
    return wanted === hostname || wanted === `${hostname}:${port}`;
  });
}

/**
 * Lower case, no trailing dot, a bare IPv6 address in brackets (`::1` -> `[::1]`), as `URL.hostname` writes them.
 */
function normalizeEntry(entry: string): string {
  let wanted = entry.trim().toLowerCase();
  if (wanted.endsWith('.')) wanted = wanted.slice(0, -1);
  if (!wanted.startsWith('[') && wanted.split(':').length > 2) wanted = `[${wanted}]`;
  return wanted;
}

/**
 * Why `entry` cannot be an allowed host (a URL or a path instead of a host), or `undefined`.
 * For the CLI and the API to reject a mistyped entry instead of silently allowing nothing.
 */
export function allowHostProblem(entry: string): string | undefined {
  if (entry.trim() === '') return 'an empty host';
  if (/[/?#@\s]/.test(entry.trim())) return `'${entry}' is not a host name (give a host such as api.example.com or 127.0.0.1:8080, not a URL)`;
  return undefined;
}
