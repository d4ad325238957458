/**
 * NATS over the `nats` client (loaded only when a run needs it). A channel's address is a subject.
 * A publish is accepted once a flush returns: the server answered a PING sent after the message,
 * so it has processed it (DECISIONS D70). Headers are NATS headers; the content type travels as
 * the `Content-Type` header, which NATS itself does not define.
 */
import type { ConnectionOptions, Msg, MsgHdrs, NatsConnection, NatsError } from 'nats';
import { isLoomError } from '../errors.js';
import { bounded, brokerIdentity, type BrokerIdentity, transportError } from './connection-support.js';
import type { MessageListener, Transport, TransportConnectOptions, TransportMessage, TransportSubscription } from './types.js';

/** Between two reconnect attempts after a lost connection (DECISIONS D69). */
const RECONNECT_WAIT_MS = 500;
const CONTENT_TYPE = 'Content-Type';

export async function connectNats(options: TransportConnectOptions): Promise<Transport> {
  const broker = brokerIdentity(options.url);
  const nats = await import('nats');
  const { username, password } = broker.credentials;
  const connectionOptions: ConnectionOptions = {
    servers: `${options.url.hostname.includes(':') ? `[${options.url.hostname}]` : options.url.hostname}:${options.url.port || '4222'}`,
    timeout: options.connectTimeoutMs,
    // DECISIONS D69: reconnect every RECONNECT_WAIT_MS until connectTimeoutMs has passed, then give up.
    reconnect: true,
    reconnectTimeWait: RECONNECT_WAIT_MS,
    reconnectJitter: 0,
    maxReconnectAttempts: Math.max(1, Math.ceil(options.connectTimeoutMs / RECONNECT_WAIT_MS)),
    // NATS convention (the nats CLI's URLs): user info without a password is a token.
    ...(username !== undefined && password === undefined ? { token: username } : {}),
    ...(password !== undefined ? { user: username ?? '', pass: password } : {}),
  };
  const connecting = nats.connect(connectionOptions);
  const connection = await bounded(
    connecting,
    options.connectTimeoutMs,
    () => transportError(broker, `no connection within ${options.connectTimeoutMs} ms`),
    options.signal,
    // A connection that comes after the caller gave up is closed, not left open.
    () => void connecting.then((late) => late.close()).catch(() => undefined),
  ).catch((error: unknown) => {
    throw isLoomError(error) ? error : transportError(broker, 'cannot connect', error);
  });
  return new NatsTransport(connection, broker, options, nats.headers);
}

class NatsTransport implements Transport {
  readonly protocol: string;
  // NATS subjects: `*` matches one token; each message reports its own subject.
  readonly channelWildcard = { separator: '.', singleLevel: '*' } as const;
  private closing = false;

  constructor(
    private readonly connection: NatsConnection,
    private readonly broker: BrokerIdentity,
    private readonly options: TransportConnectOptions,
    private readonly createHeaders: () => MsgHdrs,
  ) {
    this.protocol = broker.protocol;
    void connection.closed().then((error) => {
      if (this.closing) return;
      options.onFailure(transportError(broker, `connection lost and not restored within ${options.connectTimeoutMs} ms`, error ?? undefined));
    });
  }

  publish(message: TransportMessage, signal?: AbortSignal): Promise<void> {
    const names = Object.keys(message.headers);
    let headers: MsgHdrs | undefined;
    if (names.length > 0 || message.contentType !== undefined) {
      headers = this.createHeaders();
      for (const name of names) headers.set(name, message.headers[name]!);
      if (message.contentType !== undefined) headers.set(CONTENT_TYPE, message.contentType);
    }
    try {
      this.connection.publish(message.channel, message.payload, headers === undefined ? undefined : { headers });
    } catch (error) {
      return Promise.reject(transportError(this.broker, `publish to '${message.channel}' refused`, error));
    }
    return bounded(
      this.connection.flush().catch((error: unknown) => {
        throw transportError(this.broker, `publish to '${message.channel}' not confirmed`, error);
      }),
      this.options.publishTimeoutMs,
      () => transportError(this.broker, `no flush for '${message.channel}' within ${this.options.publishTimeoutMs} ms`),
      signal,
    );
  }

  async subscribe(channel: string, listener: MessageListener): Promise<TransportSubscription> {
    const subscription = this.connection.subscribe(channel, {
      callback: (error: NatsError | null, received: Msg) => {
        if (error !== null) return;
        if (received.data.byteLength > this.options.maxMessageBytes) return;
        listener(toMessage(received));
      },
    });
    // The server has the subscription once a flush returns, so nothing published after this resolves is missed.
    await bounded(this.connection.flush(), this.options.connectTimeoutMs, () => transportError(this.broker, `subscribe to '${channel}' not confirmed within ${this.options.connectTimeoutMs} ms`)).catch(
      (error: unknown) => {
        subscription.unsubscribe();
        throw isLoomError(error) ? error : transportError(this.broker, `subscribe to '${channel}' failed`, error);
      },
    );
    return {
      unsubscribe: async () => {
        if (!this.connection.isClosed()) subscription.unsubscribe();
      },
    };
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.connection.isClosed()) return;
    await bounded(this.connection.drain(), this.options.connectTimeoutMs, () => new Error('drain timed out')).catch(() => this.connection.close());
  }
}

function toMessage(received: Msg): TransportMessage {
  const headers: Record<string, string> = {};
  let contentType: string | undefined;
  if (received.headers !== undefined) {
    for (const [name, values] of received.headers) {
      if (name.toLowerCase() === CONTENT_TYPE.toLowerCase()) contentType = values.join(', ');
      else Object.defineProperty(headers, name, { value: values.join(', '), enumerable: true, writable: true, configurable: true });
    }
  }
  return { channel: received.subject, headers, payload: received.data, ...(contentType === undefined ? {} : { contentType }) };
}
