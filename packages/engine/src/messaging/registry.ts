/**
 * Transports by AsyncAPI server `protocol`. The built-in ones load their client only when a run
 * connects with them, so `loom run` of an HTTP workflow loads none. An embedder adds a protocol
 * (or replaces one) with {@link registerTransport}.
 */
import { isLoomError, LoomError } from '../errors.js';
import { brokerIdentity } from './connection-support.js';
import type { Transport, TransportConnectOptions, TransportFactory } from './types.js';

/** Connecting may take this long by default, reconnects included (DECISIONS D69). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** A publish may wait this long by default for the transport to accept the message (DECISIONS D70). */
export const DEFAULT_PUBLISH_TIMEOUT_MS = 10_000;
/** The largest message payload a transport takes from a broker by default. */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

const mqtt: TransportFactory = async (options) => (await import('./mqtt-transport.js')).connectMqtt(options);
const amqp: TransportFactory = async (options) => (await import('./amqp-transport.js')).connectAmqp(options);
const nats: TransportFactory = async (options) => (await import('./nats-transport.js')).connectNats(options);
const ws: TransportFactory = async (options) => (await import('./ws-transport.js')).connectWebSocket(options);

const BUILT_IN: ReadonlyMap<string, TransportFactory> = new Map([
  ['mqtt', mqtt],
  ['mqtts', mqtt],
  ['amqp', amqp],
  ['amqps', amqp],
  ['nats', nats],
  ['ws', ws],
  ['wss', ws],
]);

const registered = new Map<string, TransportFactory>();

/**
 * Makes Loom send and receive messages over another protocol (or replaces a built-in one):
 * `factory` connects a {@link Transport} for a broker whose AsyncAPI server names `protocol`.
 * Protocol names ignore case.
 */
export function registerTransport(protocol: string, factory: TransportFactory): void {
  if (!/^[a-z][a-z0-9+.-]*$/i.test(protocol)) throw new LoomError('LOOM_ERR_USAGE', `'${protocol}' is not a protocol name`);
  registered.set(protocol.toLowerCase(), factory);
}

/** The factory for `protocol`, or undefined when no transport speaks it. */
export function transportFactory(protocol: string): TransportFactory | undefined {
  const name = protocol.toLowerCase();
  return registered.get(name) ?? BUILT_IN.get(name);
}

/** The protocols Loom can connect with now, built-in and registered, sorted. */
export function supportedProtocols(): string[] {
  return [...new Set([...BUILT_IN.keys(), ...registered.keys()])].sort();
}

/** What {@link connectTransport} takes: the URL and, optionally, everything else of TransportConnectOptions. */
export type ConnectTransportOptions = Pick<TransportConnectOptions, 'url'> & Partial<Omit<TransportConnectOptions, 'url'>> & { readonly protocol?: string };

/** `LOOM_ERR_PROTOCOL_UNSUPPORTED` for a protocol no transport speaks, naming it and the ones Loom has. */
export function unsupportedProtocol(protocol: string): LoomError {
  return new LoomError(
    'LOOM_ERR_PROTOCOL_UNSUPPORTED',
    `Loom cannot send or receive messages over '${protocol}': it speaks ${supportedProtocols().join(', ')}`,
  );
}

/**
 * Connects to a broker with the transport for `protocol` (the AsyncAPI server's, else the URL's
 * scheme). Throws `LOOM_ERR_PROTOCOL_UNSUPPORTED` for a protocol no transport speaks and
 * `LOOM_ERR_TRANSPORT` when the broker cannot be reached in time.
 */
export async function connectTransport(options: ConnectTransportOptions): Promise<Transport> {
  const protocol = options.protocol ?? options.url.protocol.replace(/:$/, '');
  const factory = transportFactory(protocol);
  if (factory === undefined) throw unsupportedProtocol(protocol);
  try {
    return await factory({
      url: options.url,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      publishTimeoutMs: options.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS,
      maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      onFailure: options.onFailure ?? (() => undefined),
      ...(options.protocolVersion === undefined ? {} : { protocolVersion: options.protocolVersion }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    const broker = brokerIdentity(options.url);
    if (isLoomError(error)) {
      // The built-in transports mask their messages already; a registered one may not have.
      const masked = broker.mask(error.message);
      throw masked === error.message ? error : new LoomError(error.code, masked);
    }
    // A registered transport's own error: kept as one line, its credentials masked.
    throw new LoomError('LOOM_ERR_TRANSPORT', broker.mask(`${protocol} ${broker.shownUrl}: ${error instanceof Error ? error.message : String(error)}`));
  }
}
