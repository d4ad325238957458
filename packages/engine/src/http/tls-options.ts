/**
 * mTLS and private trust (CLI `--client-cert`, `--ca`; API `tls`), on undici's own connector:
 * one Agent whose `connect` picks, per host, a connector built with that host's client
 * certificate, so a pool per origin always connects with the same settings. A client without
 * TLS options never reaches this module (the default path stays as it was).
 */
import { createSecureContext, rootCertificates } from 'node:tls';
import { buildConnector } from 'undici';
import { LoomError } from '../errors.js';

/** PEM text or its bytes. */
export type PemData = string | Uint8Array;

/** A client certificate presented to the hosts `host` matches (DECISIONS D79). */
export interface ClientCertificate {
  /** `api.example.com`, `api.example.com:8443`, or `*.example.com` (any host below example.com, not example.com itself). */
  readonly host: string;
  /** The certificate (chain), PEM. */
  readonly cert: PemData;
  /** Its private key, PEM. */
  readonly key: PemData;
  /** The key's passphrase; never shown in any message. */
  readonly passphrase?: string;
}

/** TLS settings of every https request of a run or a load (DECISIONS D79, D80). */
export interface TlsOptions {
  /** Client certificates by host pattern (DECISIONS D79: the most specific pattern wins). */
  readonly clientCertificates?: readonly ClientCertificate[];
  /** Private certificate authorities (PEM), trusted in addition to Node's built-in roots (DECISIONS D80). */
  readonly ca?: PemData | readonly PemData[];
}

/** Settings every connector of a client shares (from `HttpClientOptions`). */
export interface ConnectorBase {
  readonly timeout?: number;
  readonly rejectUnauthorized?: boolean;
}

interface HostPattern {
  /** Lower-case host name without a trailing dot; for `*.x` the suffix `.x`. */
  readonly name: string;
  readonly wildcard: boolean;
  /** Absent: any port. */
  readonly port?: string;
}

interface ParsedCertificate {
  readonly pattern: HostPattern;
  readonly certificate: ClientCertificate;
}

/**
 * Why `host` cannot be a client certificate's host pattern, or `undefined`.
 * A pattern is a host name or IP address, optionally `:port`, or `*.` followed by a domain.
 */
export function hostPatternProblem(host: string): string | undefined {
  return parseHostPattern(host) === undefined
    ? `'${host}' is not a host pattern (give a host such as api.example.com, api.example.com:8443 or *.example.com)`
    : undefined;
}

function parseHostPattern(text: string): HostPattern | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || /[/?#@\\\s]/.test(trimmed)) return undefined;
  const wildcard = trimmed.startsWith('*.');
  const rest = wildcard ? trimmed.slice(2) : trimmed;
  if (rest.includes('*')) return undefined;
  const bracketed = !rest.startsWith('[') && rest.split(':').length > 2 ? `[${rest}]` : rest;
  const [, host = '', port] = /^(.*?)(?::(\d+))?$/.exec(bracketed) ?? [];
  let name: string;
  try {
    name = new URL(`http://${host}`).hostname.replace(/\.$/, '');
  } catch {
    return undefined;
  }
  if (name === '' || (wildcard && name.startsWith('['))) return undefined;
  return { name: wildcard ? `.${name}` : name, wildcard, ...(port !== undefined ? { port: String(Number(port)) } : {}) };
}

/**
 * DECISIONS D79: how specific a pattern's match is, or -1 for none. An exact host beats any
 * wildcard, a longer wildcard suffix beats a shorter one, and a pattern with the port beats one without.
 */
function matchScore(pattern: HostPattern, hostname: string, port: string): number {
  if (pattern.port !== undefined && pattern.port !== port) return -1;
  const portBonus = pattern.port !== undefined ? 1 : 0;
  if (!pattern.wildcard) return pattern.name === hostname ? 1_000_000 + portBonus : -1;
  return hostname.endsWith(pattern.name) && hostname.length > pattern.name.length ? pattern.name.length * 2 + portBonus : -1;
}

/** The certificate for `hostname:port` (DECISIONS D79), or undefined. */
function certificateFor(certificates: readonly ParsedCertificate[], hostname: string, port: string): ParsedCertificate | undefined {
  let best: ParsedCertificate | undefined;
  let bestScore = -1;
  for (const entry of certificates) {
    const score = matchScore(entry.pattern, hostname, port);
    if (score > bestScore) {
      best = entry;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Checks the options once, before any request: every pattern parses, every certificate and key load
 * (a wrong passphrase is found here, not on the first connection).
 * @throws LoomError `LOOM_ERR_USAGE` naming the host pattern and the problem, never the passphrase.
 */
function checkTlsOptions(tls: TlsOptions, ca: readonly PemData[] | undefined): ParsedCertificate[] {
  if (ca !== undefined) {
    // Node ignores a `ca` entry that holds no certificate; a bundle that trusts nothing is a mistake.
    const empty = ca.findIndex((pem) => !toBuffer(pem).toString('latin1').includes('-----BEGIN CERTIFICATE-----'));
    if (empty !== -1) throw new LoomError('LOOM_ERR_USAGE', `the CA bundle cannot be used: entry ${empty + 1} holds no PEM certificate`);
    try {
      createSecureContext({ ca: ca.map(toBuffer) });
    } catch (error) {
      throw new LoomError('LOOM_ERR_USAGE', `the CA bundle cannot be used: ${openSslReason(error)}`);
    }
  }
  return (tls.clientCertificates ?? []).map((certificate) => {
    const pattern = parseHostPattern(certificate.host);
    if (pattern === undefined) throw new LoomError('LOOM_ERR_USAGE', `client certificate: ${hostPatternProblem(certificate.host)}`);
    try {
      createSecureContext(secureOptions(certificate));
    } catch (error) {
      throw new LoomError('LOOM_ERR_USAGE', `the client certificate for ${certificate.host} cannot be used: ${openSslReason(error)}`);
    }
    return { pattern, certificate };
  });
}

function secureOptions(certificate: ClientCertificate): { cert: Buffer; key: Buffer; passphrase?: string } {
  return {
    cert: toBuffer(certificate.cert),
    key: toBuffer(certificate.key),
    ...(certificate.passphrase !== undefined ? { passphrase: certificate.passphrase } : {}),
  };
}

function openSslReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_OSSL_BAD_DECRYPT' || /bad decrypt/i.test(message)) return 'the key cannot be decrypted (wrong or missing passphrase)';
  if (/KEY_VALUES_MISMATCH|key values mismatch/i.test(`${String(code)} ${message}`)) return 'the key does not belong to the certificate';
  if (/no start line|NO_START_LINE|unsupported|bad base64|PEM/i.test(`${String(code)} ${message}`)) return 'not PEM data';
  return message.replace(/^error:[0-9A-F]+:[^:]*:[^:]*:/i, '');
}

function toBuffer(data: PemData): Buffer {
  return typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * undici's `connect` option for a client with TLS options: one connector per distinct setting
 * (no client certificate, or each certificate), built once, chosen per connection by host and port.
 * @throws LoomError `LOOM_ERR_USAGE` when a pattern, certificate, key or CA cannot be used.
 */
export function createTlsConnector(tls: TlsOptions, base: ConnectorBase): buildConnector.connector {
  const extraCa = tls.ca === undefined ? undefined : Array.isArray(tls.ca) ? (tls.ca as readonly PemData[]) : [tls.ca as PemData];
  const certificates = checkTlsOptions(tls, extraCa);
  // DECISIONS D80: Node's `ca` replaces its roots; the private CAs are added to them instead.
  const ca = extraCa !== undefined ? [...rootCertificates, ...extraCa.map((pem) => toBuffer(pem).toString('latin1'))] : undefined;
  const common = {
    ...(base.timeout !== undefined ? { timeout: base.timeout } : {}),
    ...(base.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
    ...(ca !== undefined ? { ca } : {}),
  };
  const plain = buildConnector(common);
  const byCertificate = new Map<ParsedCertificate, buildConnector.connector>();
  return (options, callback) => {
    if (options.protocol !== 'https:' || certificates.length === 0) return plain(options, callback);
    const port = options.port !== '' && options.port !== undefined ? String(options.port) : '443';
    const entry = certificateFor(certificates, options.hostname.replace(/\.$/, '').toLowerCase(), port);
    if (entry === undefined) return plain(options, callback);
    let connector = byCertificate.get(entry);
    if (connector === undefined) {
      connector = buildConnector({ ...common, ...secureOptions(entry.certificate) });
      byCertificate.set(entry, connector);
    }
    return connector(options, callback);
  };
}
