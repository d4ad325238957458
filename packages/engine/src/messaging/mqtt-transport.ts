/**
 * MQTT 3.1.1 and 5 over the `mqtt` client (loaded only when a run needs it). Messages go at QoS 1:
 * a publish is accepted when the broker's PUBACK arrives (DECISIONS D70). Headers are MQTT 5 user
 * properties and the content type is MQTT 5's `contentType`; MQTT 3.1.1 carries neither.
 */
import type { IClientOptions, IPublishPacket, MqttClient } from 'mqtt';
import { bounded, brokerIdentity, type BrokerIdentity, transportError } from './connection-support.js';
import type { MessageListener, Transport, TransportConnectOptions, TransportMessage, TransportSubscription } from './types.js';

/** Between two reconnect attempts after a lost connection (DECISIONS D69). */
const RECONNECT_PERIOD_MS = 500;

/** MQTT's protocol level for each `protocolVersion` an AsyncAPI server may give. */
const PROTOCOL_LEVELS: Readonly<Record<string, 3 | 4 | 5>> = { '3.1': 3, '3.1.1': 4, '4': 4, '5': 5, '5.0': 5 };

export async function connectMqtt(options: TransportConnectOptions): Promise<Transport> {
  const broker = brokerIdentity(options.url);
  const level = protocolLevel(options.protocolVersion, broker);
  const { connect } = await import('mqtt');
  const address = new URL(options.url.href);
  address.username = '';
  address.password = '';
  const clientOptions: IClientOptions = {
    protocolVersion: level,
    ...(broker.credentials.username === undefined ? {} : { username: broker.credentials.username }),
    ...(broker.credentials.password === undefined ? {} : { password: broker.credentials.password }),
    connectTimeout: options.connectTimeoutMs,
    // No reconnect until the first connection stands: a broker that is down at the start is an error now, not a loop.
    reconnectPeriod: 0,
    clean: true,
    resubscribe: true,
    ...(level === 5 ? { properties: { maximumPacketSize: Math.min(options.maxMessageBytes + 65_536, 268_435_455) } } : {}),
  };
  const client = connect(address.href, clientOptions);
  await bounded(
    firstConnection(client, broker),
    options.connectTimeoutMs,
    () => transportError(broker, `no connection within ${options.connectTimeoutMs} ms`),
    options.signal,
    () => client.end(true),
  ).catch((error: unknown) => {
    client.end(true);
    throw error;
  });
  return new MqttTransport(client, broker, options, level);
}

function protocolLevel(version: string | undefined, broker: BrokerIdentity): 3 | 4 | 5 {
  if (version === undefined) return 4;
  const level = PROTOCOL_LEVELS[version];
  if (level === undefined) throw transportError(broker, `MQTT protocolVersion '${version}' is not one Loom speaks (3.1.1 or 5)`);
  return level;
}

function firstConnection(client: MqttClient, broker: BrokerIdentity): Promise<void> {
  return new Promise((resolve, reject) => {
    let socketError: unknown;
    client.once('connect', () => resolve());
    client.once('error', (error) => reject(transportError(broker, 'cannot connect', error)));
    // mqtt.js reports socket errors (ECONNREFUSED...) on its stream, not as 'error'.
    client.stream?.on?.('error', (error: unknown) => (socketError = error));
    client.once('close', () => reject(transportError(broker, 'cannot connect', socketError ?? 'the connection closed before the broker answered')));
  });
}

class MqttTransport implements Transport {
  readonly protocol: string;
  // MQTT 3.1.1 §4.7.1.3: `+` matches one topic level; deliver() reports each message's own topic.
  readonly channelWildcard = { separator: '/', singleLevel: '+' } as const;
  private readonly listeners = new Map<string, Set<MessageListener>>();
  private lostTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly client: MqttClient,
    private readonly broker: BrokerIdentity,
    private readonly options: TransportConnectOptions,
    private readonly level: 3 | 4 | 5,
  ) {
    this.protocol = broker.protocol;
    client.on('message', (topic, payload, packet) => this.deliver(topic, payload, packet));
    // DECISIONS D69: reconnect every RECONNECT_PERIOD_MS (mqtt.js re-subscribes); give up after connectTimeoutMs.
    client.options.reconnectPeriod = RECONNECT_PERIOD_MS;
    client.on('close', () => this.startLostTimer());
    client.on('connect', () => {
      clearTimeout(this.lostTimer);
      this.lostTimer = undefined;
    });
    client.on('error', () => {
      // Errors during reconnects end in 'close'; the lost timer decides when they are final.
    });
  }

  publish(message: TransportMessage, signal?: AbortSignal): Promise<void> {
    const headerNames = Object.keys(message.headers);
    if (this.level !== 5 && headerNames.length > 0) {
      return Promise.reject(
        transportError(this.broker, `MQTT ${this.level === 4 ? '3.1.1' : '3.1'} carries no message headers (${headerNames.join(', ')}); use protocolVersion 5`),
      );
    }
    const properties =
      this.level === 5
        ? {
            ...(headerNames.length > 0 ? { userProperties: { ...message.headers } } : {}),
            ...(message.contentType === undefined ? {} : { contentType: message.contentType }),
          }
        : undefined;
    let messageId: number | undefined;
    const accepted = new Promise<void>((resolve, reject) => {
      this.client.publish(message.channel, Buffer.from(message.payload), { qos: 1, ...(properties === undefined ? {} : { properties }) }, (error) =>
        error === undefined || error === null ? resolve() : reject(transportError(this.broker, `publish to '${message.channel}' refused`, error)),
      );
      messageId = this.client.getLastMessageId();
    });
    // DECISIONS D70: a publish that was not acknowledged in time is withdrawn, so mqtt.js does not send it after a reconnect.
    const withdraw = (): void => {
      if (messageId !== undefined) this.client.removeOutgoingMessage(messageId);
    };
    return bounded(
      accepted,
      this.options.publishTimeoutMs,
      () => transportError(this.broker, `no PUBACK for '${message.channel}' within ${this.options.publishTimeoutMs} ms`),
      signal,
      withdraw,
    );
  }

  async subscribe(channel: string, listener: MessageListener): Promise<TransportSubscription> {
    let listeners = this.listeners.get(channel);
    if (listeners === undefined) {
      listeners = new Set();
      this.listeners.set(channel, listeners);
      const granted = new Promise<void>((resolve, reject) => {
        this.client.subscribe(channel, { qos: 1 }, (error, grants) => {
          if (error !== null && error !== undefined) reject(transportError(this.broker, `subscribe to '${channel}' failed`, error));
          else if (grants?.some((grant) => grant.qos === 128)) reject(transportError(this.broker, `subscribe to '${channel}' refused by the broker`));
          else resolve();
        });
      });
      await bounded(granted, this.options.connectTimeoutMs, () => transportError(this.broker, `no SUBACK for '${channel}' within ${this.options.connectTimeoutMs} ms`)).catch(
        (error: unknown) => {
          this.listeners.delete(channel);
          throw error;
        },
      );
    }
    listeners.add(listener);
    return {
      unsubscribe: async () => {
        const current = this.listeners.get(channel);
        current?.delete(listener);
        if (current === undefined || current.size > 0) return;
        this.listeners.delete(channel);
        if (this.client.connected) await this.client.unsubscribeAsync(channel).catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.lostTimer);
    // Forced: every publish was acknowledged or has failed already; nothing in flight is worth waiting for.
    await new Promise<void>((resolve) => this.client.end(true, {}, () => resolve()));
  }

  private deliver(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const message: TransportMessage = {
      channel: topic,
      headers: userPropertiesOf(packet),
      payload: new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength),
      ...(packet.properties?.contentType === undefined ? {} : { contentType: packet.properties.contentType }),
    };
    for (const [filter, listeners] of this.listeners) {
      if (!topicMatches(filter, topic)) continue;
      for (const listener of listeners) listener(message);
    }
  }

  private startLostTimer(): void {
    if (this.closed || this.lostTimer !== undefined) return;
    this.lostTimer = setTimeout(() => {
      if (this.closed || this.client.connected) return;
      this.closed = true;
      this.client.end(true);
      this.options.onFailure(transportError(this.broker, `connection lost and not restored within ${this.options.connectTimeoutMs} ms`));
    }, this.options.connectTimeoutMs);
  }
}

/** MQTT 5 user properties as headers; a name given twice keeps its values joined by `, ` as HTTP does. */
function userPropertiesOf(packet: IPublishPacket): Record<string, string> {
  const headers: Record<string, string> = {};
  const properties = packet.properties?.userProperties;
  if (properties === undefined) return headers;
  for (const name of Object.keys(properties)) {
    const value = properties[name];
    Object.defineProperty(headers, name, { value: Array.isArray(value) ? value.join(', ') : String(value), enumerable: true, writable: true, configurable: true });
  }
  return headers;
}

/** MQTT 3.1.1 §4.7: `+` matches one topic level, `#` (last) the rest. */
export function topicMatches(filter: string, topic: string): boolean {
  if (filter === topic) return true;
  const filterLevels = filter.split('/');
  const topicLevels = topic.split('/');
  for (let index = 0; index < filterLevels.length; index++) {
    const level = filterLevels[index];
    if (level === '#') return true;
    if (index >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[index]) return false;
  }
  return filterLevels.length === topicLevels.length;
}
