/**
 * DECISIONS D27, D68: a run subscribes to every channel it may receive on when it starts, and this
 * inbox keeps what arrives until a receive takes it, so a reply that comes before its receive step
 * starts is not lost. The buffer is bounded by a count and a byte total over all its channels; when
 * a message does not fit, the oldest buffered messages make room (each drop is counted and named
 * when a receive then times out). A message goes to one receive only: the first waiting receive on
 * its channel that it matches, else the buffer.
 */
import { LoomError } from '../errors.js';
import type { Transport, TransportMessage, TransportSubscription } from './types.js';

/** How many messages an inbox holds by default, over all its channels. */
export const DEFAULT_INBOX_MAX_MESSAGES = 1_000;
/** How many payload bytes an inbox holds by default, over all its channels. */
export const DEFAULT_INBOX_MAX_BYTES = 16 * 1024 * 1024;
/** DECISIONS D27: how long a receive waits when its step has no `timeout`. */
export const DEFAULT_RECEIVE_TIMEOUT_MS = 30_000;

/** An inbox's bounds (DECISIONS D68). */
export interface InboxLimits {
  /** Messages held at most, over all channels. */
  readonly maxMessages?: number;
  /** Payload bytes held at most, over all channels; a larger message alone is dropped. */
  readonly maxBytes?: number;
}

/** Decides whether a message is the one a receive waits for (its correlation id, D27). */
export type MessageMatch = (message: TransportMessage) => boolean;

/** A buffered message and the subscription it came through (the message's own channel may be one its wildcard matched). */
interface Buffered {
  readonly subscription: string;
  readonly message: TransportMessage;
}

interface Waiter {
  readonly channel: string;
  /** Where a take from a wildcard subscription waits: only messages on this address are its (DECISIONS D112). */
  readonly address: string | undefined;
  readonly match: MessageMatch;
  readonly resolve: (message: TransportMessage) => void;
  readonly reject: (error: unknown) => void;
}

export class MessageInbox {
  private readonly buffered: Buffered[] = [];
  private bufferedBytes = 0;
  private readonly waiters = new Set<Waiter>();
  private readonly droppedByChannel = new Map<string, number>();
  private readonly channels = new Set<string>();
  private readonly subscriptions: TransportSubscription[] = [];
  private failure: unknown;
  private readonly maxMessages: number;
  private readonly maxBytes: number;

  private constructor(limits: InboxLimits) {
    this.maxMessages = limits.maxMessages ?? DEFAULT_INBOX_MAX_MESSAGES;
    this.maxBytes = limits.maxBytes ?? DEFAULT_INBOX_MAX_BYTES;
    if (!(this.maxMessages >= 1) || !(this.maxBytes >= 1)) throw new LoomError('LOOM_ERR_USAGE', 'inbox limits must be at least 1');
  }

  /**
   * Subscribes to each of `channels` on `transport` and buffers what arrives from then on. When a
   * subscription fails, those made already are undone and the error is thrown.
   */
  static async open(transport: Transport, channels: Iterable<string>, limits: InboxLimits = {}): Promise<MessageInbox> {
    const inbox = new MessageInbox(limits);
    try {
      for (const channel of new Set(channels)) await inbox.listen(transport, channel);
    } catch (error) {
      await inbox.close();
      throw error;
    }
    return inbox;
  }

  /**
   * Subscribes to one more channel on `transport` (once: a channel listened to already is left as
   * it is). For a channel whose address a run only knows once a step has run (DECISIONS D105).
   */
  async listen(transport: Transport, channel: string): Promise<void> {
    if (this.channels.has(channel)) return;
    this.subscriptions.push(await transport.subscribe(channel, (message) => this.deliver(channel, message)));
    this.channels.add(channel);
  }

  /**
   * The first buffered or arriving message on `channel` that `match` accepts, removed from the
   * inbox. When `channel` is a wildcard subscription, `address` is the one address the receive
   * waits on: only messages published there are taken (DECISIONS D112), and a timeout names it.
   * Rejects with `LOOM_ERR_MESSAGE_TIMEOUT` after `timeoutMs`, `LOOM_ERR_ABORTED` when
   * `signal` aborts, the transport's error once its connection is lost for good, and whatever
   * `match` throws.
   */
  take(channel: string, match: MessageMatch, timeoutMs: number, signal?: AbortSignal, address?: string): Promise<TransportMessage> {
    if (!this.channels.has(channel)) {
      return Promise.reject(new LoomError('LOOM_ERR_USAGE', `the inbox does not subscribe to channel '${channel}'`));
    }
    try {
      const index = this.buffered.findIndex((entry) => entry.subscription === channel && (address === undefined || entry.message.channel === address) && match(entry.message));
      if (index >= 0) {
        const [entry] = this.buffered.splice(index, 1);
        this.bufferedBytes -= entry!.message.payload.byteLength;
        return Promise.resolve(entry!.message);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (signal?.aborted === true) return Promise.reject(new LoomError('LOOM_ERR_ABORTED', 'cancelled'));
    return new Promise<TransportMessage>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiters.delete(waiter);
      };
      const waiter: Waiter = {
        channel,
        address,
        match,
        resolve: (message) => {
          finish();
          resolve(message);
        },
        reject: (error) => {
          finish();
          reject(error);
        },
      };
      const onAbort = (): void => waiter.reject(new LoomError('LOOM_ERR_ABORTED', 'cancelled'));
      const timer = setTimeout(() => waiter.reject(this.timeoutError(channel, address ?? channel, timeoutMs)), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  /** How many messages on `channel` the inbox dropped because it was full. */
  dropped(channel: string): number {
    return this.droppedByChannel.get(channel) ?? 0;
  }

  /** How many messages the inbox holds now. */
  get size(): number {
    return this.buffered.length;
  }

  /** The transport's connection is lost for good: every waiting receive fails with `error`, and so does every later one that finds nothing buffered. */
  fail(error: unknown): void {
    this.failure ??= error;
    for (const waiter of [...this.waiters]) waiter.reject(error);
  }

  /** Unsubscribes, fails waiting receives with `LOOM_ERR_ABORTED` and empties the buffer. */
  async close(): Promise<void> {
    this.fail(new LoomError('LOOM_ERR_ABORTED', 'the inbox was closed'));
    this.buffered.length = 0;
    this.bufferedBytes = 0;
    const subscriptions = this.subscriptions.splice(0);
    await Promise.all(subscriptions.map((subscription) => subscription.unsubscribe().catch(() => undefined)));
  }

  private deliver(channel: string, received: TransportMessage): void {
    if (this.failure !== undefined) return;
    // The message keeps the channel the transport reports (under a wildcard subscription, the address it was published to).
    const message = received.channel === '' ? { ...received, channel } : received;
    for (const waiter of this.waiters) {
      if (waiter.channel !== channel || (waiter.address !== undefined && waiter.address !== message.channel)) continue;
      let matches: boolean;
      try {
        matches = waiter.match(message);
      } catch (error) {
        waiter.reject(error);
        continue;
      }
      if (matches) {
        waiter.resolve(message);
        return;
      }
    }
    this.buffer({ subscription: channel, message });
  }

  /** DECISIONS D68: the oldest buffered messages make room; a message larger than the whole buffer is dropped. */
  private buffer(entry: Buffered): void {
    const bytes = entry.message.payload.byteLength;
    if (bytes > this.maxBytes) {
      this.countDrop(entry.subscription);
      return;
    }
    while (this.buffered.length >= this.maxMessages || this.bufferedBytes + bytes > this.maxBytes) {
      const oldest = this.buffered.shift()!;
      this.bufferedBytes -= oldest.message.payload.byteLength;
      this.countDrop(oldest.subscription);
    }
    this.buffered.push(entry);
    this.bufferedBytes += bytes;
  }

  private countDrop(channel: string): void {
    this.droppedByChannel.set(channel, (this.droppedByChannel.get(channel) ?? 0) + 1);
  }

  private timeoutError(channel: string, address: string, timeoutMs: number): LoomError {
    const dropped = this.dropped(channel);
    const note =
      dropped === 0
        ? ''
        : ` (the inbox was full and dropped ${dropped} message${dropped === 1 ? '' : 's'} on this channel; limits: ${this.maxMessages} messages, ${this.maxBytes} bytes)`;
    return new LoomError('LOOM_ERR_MESSAGE_TIMEOUT', `no matching message on '${address}' within ${timeoutMs} ms${note}`);
  }
}
