/**
 * AMQP 0-9-1 over `amqplib` (loaded only when a run needs it). A channel's address is a routing
 * key on the broker's `amq.topic` exchange, so every subscriber gets its own copy as on MQTT and
 * NATS: each subscription is an exclusive, auto-deleted queue bound with that key. A publish is
 * accepted when the broker confirms it (publisher confirms, DECISIONS D70). Headers are AMQP
 * headers; the content type is the `content-type` property.
 */
import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { isLoomError } from '../errors.js';
import { bounded, brokerIdentity, type BrokerIdentity, transportError } from './connection-support.js';
import type { MessageListener, Transport, TransportConnectOptions, TransportMessage, TransportSubscription } from './types.js';

/** The exchange channels are routing keys on: a topic exchange every AMQP 0-9-1 broker declares. */
export const AMQP_EXCHANGE = 'amq.topic';

export async function connectAmqp(options: TransportConnectOptions): Promise<Transport> {
  const broker = brokerIdentity(options.url);
  const amqplib = await import('amqplib');
  let model: ChannelModel | undefined;
  const opening = (async () => {
    model = await amqplib.connect(options.url.href, { timeout: options.connectTimeoutMs });
    return { model, channel: await model.createConfirmChannel() };
  })();
  try {
    const { model: connected, channel } = await bounded(
      opening,
      options.connectTimeoutMs,
      () => transportError(broker, `no connection within ${options.connectTimeoutMs} ms`),
      options.signal,
      () => void opening.then(({ model: late }) => late.close()).catch(() => undefined),
    );
    return new AmqpTransport(connected, channel, broker, options);
  } catch (error) {
    await model?.close().catch(() => undefined);
    throw isLoomError(error) ? error : transportError(broker, 'cannot connect', error);
  }
}

class AmqpTransport implements Transport {
  readonly protocol: string;
  // AMQP 0-9-1 topic exchange: `*` in a binding key matches one word; each message reports its own routing key.
  readonly channelWildcard = { separator: '.', singleLevel: '*' } as const;
  private closing = false;
  private failed = false;

  constructor(
    private readonly model: ChannelModel,
    private readonly channel: ConfirmChannel,
    private readonly broker: BrokerIdentity,
    private readonly options: TransportConnectOptions,
  ) {
    this.protocol = broker.protocol;
    // DECISIONS D69: amqplib does not resume a lost connection; its loss fails the run's receives.
    const lost = (cause?: unknown): void => {
      if (this.closing || this.failed) return;
      this.failed = true;
      options.onFailure(transportError(broker, 'connection lost', cause ?? 'closed by the broker'));
    };
    model.on('error', () => undefined);
    model.on('close', lost);
    channel.on('error', () => undefined);
    channel.on('close', () => lost('the channel was closed by the broker'));
  }

  publish(message: TransportMessage, signal?: AbortSignal): Promise<void> {
    const confirmed = new Promise<void>((resolve, reject) => {
      try {
        this.channel.publish(
          AMQP_EXCHANGE,
          message.channel,
          Buffer.from(message.payload.buffer, message.payload.byteOffset, message.payload.byteLength),
          { headers: { ...message.headers }, ...(message.contentType === undefined ? {} : { contentType: message.contentType }) },
          (error: unknown) => (error === null || error === undefined ? resolve() : reject(transportError(this.broker, `publish to '${message.channel}' refused`, error))),
        );
      } catch (error) {
        reject(transportError(this.broker, `publish to '${message.channel}' failed`, error));
      }
    });
    return bounded(confirmed, this.options.publishTimeoutMs, () => transportError(this.broker, `no confirm for '${message.channel}' within ${this.options.publishTimeoutMs} ms`), signal);
  }

  async subscribe(channel: string, listener: MessageListener): Promise<TransportSubscription> {
    const subscribing = (async () => {
      const { queue } = await this.channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
      await this.channel.bindQueue(queue, AMQP_EXCHANGE, channel);
      const { consumerTag } = await this.channel.consume(queue, (received) => this.deliver(channel, received, listener), { noAck: true });
      return consumerTag;
    })();
    const consumerTag = await bounded(subscribing, this.options.connectTimeoutMs, () =>
      transportError(this.broker, `subscribe to '${channel}' not confirmed within ${this.options.connectTimeoutMs} ms`),
    ).catch((error: unknown) => {
      throw isLoomError(error) ? error : transportError(this.broker, `subscribe to '${channel}' failed`, error);
    });
    return {
      unsubscribe: async () => {
        if (this.closing || this.failed) return;
        await this.channel.cancel(consumerTag).catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.failed) return;
    await bounded(this.model.close(), this.options.connectTimeoutMs, () => new Error('close timed out')).catch(() => undefined);
  }

  private deliver(channel: string, received: ConsumeMessage | null, listener: MessageListener): void {
    // null: the broker cancelled the consumer (its queue was deleted); the channel's close reports it.
    if (received === null || received.content.byteLength > this.options.maxMessageBytes) return;
    const contentType = received.properties.contentType as string | undefined;
    listener({
      channel: received.fields.routingKey || channel,
      headers: headersOf(received.properties.headers),
      payload: new Uint8Array(received.content.buffer, received.content.byteOffset, received.content.byteLength),
      ...(contentType === undefined ? {} : { contentType }),
    });
  }
}

/** AMQP header values may be any field-table type; Loom's headers are text. */
function headersOf(table: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (table === undefined) return headers;
  for (const name of Object.keys(table)) {
    const value = table[name];
    if (value === undefined || value === null) continue;
    const text = Buffer.isBuffer(value) ? value.toString('utf8') : typeof value === 'object' ? JSON.stringify(value) : String(value);
    Object.defineProperty(headers, name, { value: text, enumerable: true, writable: true, configurable: true });
  }
  return headers;
}
