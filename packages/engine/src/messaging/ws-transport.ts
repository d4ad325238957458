/**
 * WebSocket over the `ws` client (loaded only when a run needs it). A WebSocket has one stream of
 * frames and no channels, so each channel is a socket of its own: the server URL with the
 * channel's address appended to its path (AsyncAPI's WebSocket channels are paths). DECISIONS
 * D70: a frame has no headers, so a message with headers is refused rather than sent without
 * them; a publish is accepted once the frame is written to the socket; textual content types go
 * as text frames, others as binary, and a received message has no headers and no content type.
 */
import type WebSocket from 'ws';
import { isLoomError } from '../errors.js';
import { bounded, brokerIdentity, type BrokerIdentity, transportError } from './connection-support.js';
import type { MessageListener, Transport, TransportConnectOptions, TransportMessage, TransportSubscription } from './types.js';

type WebSocketClass = typeof WebSocket;

export async function connectWebSocket(options: TransportConnectOptions): Promise<Transport> {
  const broker = brokerIdentity(options.url);
  const { WebSocket: WebSocketClient } = await import('ws');
  return new WebSocketTransport(WebSocketClient, broker, options);
}

interface ChannelSocket {
  readonly socket: WebSocket;
  readonly listeners: Set<MessageListener>;
}

class WebSocketTransport implements Transport {
  readonly protocol: string;
  private readonly sockets = new Map<string, Promise<ChannelSocket>>();
  private closing = false;

  constructor(
    private readonly WebSocketClient: WebSocketClass,
    private readonly broker: BrokerIdentity,
    private readonly options: TransportConnectOptions,
  ) {
    this.protocol = broker.protocol;
  }

  async publish(message: TransportMessage, signal?: AbortSignal): Promise<void> {
    const names = Object.keys(message.headers);
    if (names.length > 0) {
      throw transportError(this.broker, `a WebSocket frame carries no headers (${names.join(', ')}); put them in the payload`);
    }
    const { socket } = await this.channelSocket(message.channel, signal);
    const written = new Promise<void>((resolve, reject) => {
      socket.send(message.payload, { binary: !isTextual(message.contentType) }, (error) =>
        error === undefined || error === null ? resolve() : reject(transportError(this.broker, `send on '${message.channel}' failed`, error)),
      );
    });
    await bounded(written, this.options.publishTimeoutMs, () => transportError(this.broker, `send on '${message.channel}' not written within ${this.options.publishTimeoutMs} ms`), signal);
  }

  async subscribe(channel: string, listener: MessageListener): Promise<TransportSubscription> {
    const entry = await this.channelSocket(channel);
    entry.listeners.add(listener);
    return {
      unsubscribe: async () => {
        entry.listeners.delete(listener);
      },
    };
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const entries = await Promise.allSettled(this.sockets.values());
    await Promise.all(
      entries.map((entry) => {
        if (entry.status !== 'fulfilled') return undefined;
        const { socket } = entry.value;
        if (socket.readyState === socket.CLOSED) return undefined;
        const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
        socket.close(1000);
        // A server that never answers the close handshake is cut off.
        return bounded(closed, this.options.connectTimeoutMs, () => new Error('close timed out')).catch(() => socket.terminate());
      }),
    );
  }

  private channelSocket(channel: string, signal?: AbortSignal): Promise<ChannelSocket> {
    let entry = this.sockets.get(channel);
    if (entry === undefined) {
      entry = this.open(channel, signal);
      this.sockets.set(channel, entry);
      entry.catch(() => this.sockets.delete(channel));
    }
    return entry;
  }

  private async open(channel: string, signal?: AbortSignal): Promise<ChannelSocket> {
    const url = channelUrl(this.options.url, channel);
    const socket = new this.WebSocketClient(url, { handshakeTimeout: this.options.connectTimeoutMs, maxPayload: this.options.maxMessageBytes });
    const listeners = new Set<MessageListener>();
    const opened = new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', (error) => reject(transportError(this.broker, `cannot open channel '${channel}'`, error)));
      socket.once('unexpected-response', (_request, response) => {
        reject(transportError(this.broker, `cannot open channel '${channel}': the server answered HTTP ${response.statusCode ?? '?'}`));
        socket.terminate();
      });
    });
    try {
      await bounded(opened, this.options.connectTimeoutMs, () => transportError(this.broker, `channel '${channel}' not open within ${this.options.connectTimeoutMs} ms`), signal, () =>
        socket.terminate(),
      );
    } catch (error) {
      throw isLoomError(error) ? error : transportError(this.broker, `cannot open channel '${channel}'`, error);
    }
    socket.on('error', () => {
      // Followed by 'close', which reports the loss.
    });
    socket.on('message', (data) => {
      const message: TransportMessage = { channel, headers: {}, payload: toBytes(data) };
      for (const listener of listeners) listener(message);
    });
    // DECISIONS D69: WebSocket has no session to resume; a socket lost mid-run fails the run's receives.
    socket.on('close', (code) => {
      if (this.closing) return;
      this.sockets.delete(channel);
      this.options.onFailure(transportError(this.broker, `channel '${channel}' closed by the server (code ${code})`));
    });
    return { socket, listeners };
  }
}

/** The server URL with the channel's address appended to its path, user info kept for the handshake's Basic auth. */
export function channelUrl(server: URL, channel: string): string {
  const url = new URL(server.href);
  const base = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  url.pathname = `${base}${channel.startsWith('/') ? channel : `/${channel}`}`;
  return url.href;
}

function isTextual(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type.startsWith('text/') || type === 'application/json' || type.endsWith('+json') || type === 'application/xml' || type.endsWith('+xml');
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
