/**
 * DECISIONS D36: which hosts documents may be read from (`--allow-host`, API `allowHosts`).
 * An entry is a host name or IP address, matching that host on any port, or `host:port`, matching
 * that port only. Hosts compare as URLs write them (case, a trailing dot, international names,
 * IPv6 brackets); there are no wildcards: `example.com` does not allow `api.example.com`.
 * An empty list allows no host. The workflow's own requests are not limited by it.
 */

interface HostEntry {
  readonly hostname: string;
  /** Absent: any port. */
  readonly port?: string;
}

/** Whether documents may be read from `url`'s host. */
export function hostAllowed(url: URL, allowHosts: readonly string[]): boolean {
  const hostname = withoutTrailingDot(url.hostname);
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
  return allowHosts.some((text) => {
    const entry = parseHostEntry(text);
    return entry !== undefined && entry.hostname === hostname && (entry.port === undefined || entry.port === port);
  });
}

/**
 * Why `entry` cannot be an allowed host (a URL or a path instead of a host), or `undefined`.
 * The CLI and the API reject a mistyped entry rather than silently allowing nothing.
 */
export function allowHostProblem(entry: string): string | undefined {
  if (entry.trim() === '') return 'an empty host';
  if (parseHostEntry(entry) === undefined) return `'${entry}' is not a host name (give a host such as api.example.com or 127.0.0.1:8080, not a URL)`;
  return undefined;
}

function parseHostEntry(text: string): HostEntry | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || /[/?#@\\\s]/.test(trimmed)) return undefined;
  // A bare IPv6 address (`::1`) gets the brackets a URL gives it.
  const bracketed = !trimmed.startsWith('[') && trimmed.split(':').length > 2 ? `[${trimmed}]` : trimmed;
  const [, host = '', port] = /^(.*?)(?::(\d+))?$/.exec(bracketed) ?? [];
  try {
    const hostname = withoutTrailingDot(new URL(`http://${host}`).hostname);
    if (hostname === '') return undefined;
    return port === undefined ? { hostname } : { hostname, port: String(Number(port)) };
  } catch {
    return undefined;
  }
}

function withoutTrailingDot(hostname: string): string {
  return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
}
