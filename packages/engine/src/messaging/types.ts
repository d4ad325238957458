/**
 * The messaging layer under asynchronous steps (Arazzo 1.1 `action: send | receive`): a Transport
 * is one connection to one broker (or WebSocket server), chosen by the AsyncAPI server's
 * `protocol`. The runner sees only this interface; each protocol's client stays in its own module.
 */

/** A message as Loom sends and receives it, whatever the protocol. */
export interface TransportMessage {
  /** The channel's address: an MQTT topic, an AMQP routing key, a NATS subject, a WebSocket path. */
  readonly channel: string;
  /** Message headers (MQTT 5 user properties, AMQP headers, NATS headers); none on WebSocket (DECISIONS D70). */
  readonly headers: Readonly<Record<string, string>>;
  /** The payload as bytes; what they mean is the content type's business. */
  readonly payload: Uint8Array;
  /** The payload's media type, where the protocol carries one (DECISIONS D70). */
  readonly contentType?: string;
}

/** A protocol's single-level wildcard (DECISIONS D112). */
export interface ChannelWildcard {
  /** What separates the levels of an address: `/` for MQTT topics, `.` for NATS subjects and AMQP routing keys. */
  readonly separator: string;
  /** What stands for any one level in a subscription: `+` for MQTT, `*` for NATS and AMQP topic exchanges. */
  readonly singleLevel: string;
}

/** Called for each message that arrives on a subscribed channel. */
export type MessageListener = (message: TransportMessage) => void;

/** One subscription; `unsubscribe` stops its listener. */
export interface TransportSubscription {
  unsubscribe(): Promise<void>;
}

/**
 * One connection to one broker. `publish` resolves once the transport has accepted the message
 * (DECISIONS D70 says what that means per protocol) and rejects on a timeout or a refusal.
 */
export interface Transport {
  /** The protocol it speaks, e.g. `mqtt`. */
  readonly protocol: string;
  /**
   * The protocol's single-level wildcard and the separator of the levels it stands for (MQTT: `+` between `/`;
   * NATS and AMQP topic routing keys: `*` between `.`), where it has one. A transport that sets it subscribes to
   * channels holding it and reports each message's own channel, so a run can subscribe when it starts to a channel
   * whose address a step settles later (DECISIONS D112).
   */
  readonly channelWildcard?: ChannelWildcard;
  publish(message: TransportMessage, signal?: AbortSignal): Promise<void>;
  subscribe(channel: string, listener: MessageListener): Promise<TransportSubscription>;
  close(): Promise<void>;
}

/** Where and how to connect. Every wait is bounded (DECISIONS D69). */
export interface TransportConnectOptions {
  /** The broker's URL. User info in it is the credentials; it is never printed. */
  readonly url: URL;
  /** The AsyncAPI server's `protocolVersion`, where the protocol has versions (MQTT: `3.1.1` or `5`). */
  readonly protocolVersion?: string;
  /** How long connecting may take, reconnects included. */
  readonly connectTimeoutMs: number;
  /** How long a publish may wait for the transport to accept the message. */
  readonly publishTimeoutMs: number;
  /** The largest message payload accepted from the broker, in bytes. */
  readonly maxMessageBytes: number;
  /**
   * Called once when the connection is lost for good (after the client's own reconnects, where it
   * has them): pending receives fail with this error instead of waiting out their timeout.
   */
  readonly onFailure: (error: Error) => void;
  /** Cancels connecting. */
  readonly signal?: AbortSignal;
}

/**
 * Connects a Transport for one protocol. Registered under each protocol it speaks with
 * {@link registerTransport}.
 */
export type TransportFactory = (options: TransportConnectOptions) => Promise<Transport>;
