/**
 * What every transport must do, run against each real broker by its own test file: round trips,
 * headers and content types, a reply that arrives before its receive, correlation between two
 * interleaved receives, timeout, cancel, broker down at connect, broker restarted mid-run.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { isLoomError, type LoomError } from '../../src/errors.js';
import { MessageInbox } from '../../src/messaging/inbox.js';
import { connectTransport } from '../../src/messaging/registry.js';
import type { Transport, TransportMessage } from '../../src/messaging/types.js';

export interface BrokerUnderTest {
  /** The broker's URL (credentials included where it needs them). */
  readonly url: string;
  readonly protocolVersion?: string;
  /** Whether the protocol carries headers and a content type (D70). */
  readonly carriesHeaders: boolean;
  /** Whether the protocol carries the content type (MQTT 3.1.1 and WebSocket do not). */
  readonly carriesContentType: boolean;
  /** Stops the broker and starts it again on the same port; resolves once it answers again. */
  restart(): Promise<void>;
}

export interface ContractOptions {
  /** A URL on which nothing listens. */
  readonly downUrl: () => Promise<string>;
  /** What the transport does when its broker restarts mid-run (D69). */
  readonly afterRestart: 'reconnects' | 'fails';
  /** Where a restart takes long (rabbitmq), how long the test may take. */
  readonly restartTestTimeoutMs?: number;
}

const text = (message: TransportMessage): string => Buffer.from(message.payload).toString('utf8');
const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const correlationIs =
  (id: string) =>
  (message: TransportMessage): boolean =>
    (JSON.parse(text(message)) as { id?: string }).id === id;

/** The contract's tests, to call inside a `describe` of the broker's test file. */
export function describeTransportContract(broker: () => BrokerUnderTest, options: ContractOptions): void {
  {
    const open: Transport[] = [];
    const connect = async (overrides: { connectTimeoutMs?: number; onFailure?: (error: Error) => void } = {}): Promise<Transport> => {
      const target = broker();
      const transport = await connectTransport({
        url: new URL(target.url),
        connectTimeoutMs: overrides.connectTimeoutMs ?? 10_000,
        publishTimeoutMs: 10_000,
        ...(target.protocolVersion === undefined ? {} : { protocolVersion: target.protocolVersion }),
        ...(overrides.onFailure === undefined ? {} : { onFailure: overrides.onFailure }),
      });
      open.push(transport);
      return transport;
    };
    const channel = (): string => `loom/test/${randomUUID()}`;

    afterEach(async () => {
      await Promise.all(open.splice(0).map((transport) => transport.close()));
    });

    it('publishes and receives a message round trip', async () => {
      const receiver = await connect();
      const sender = await connect();
      const address = channel();
      const inbox = await MessageInbox.open(receiver, [address]);
      const taken = inbox.take(address, () => true, 10_000);
      await sender.publish({ channel: address, headers: {}, payload: json({ hello: 'world' }), contentType: 'application/json' });
      const message = await taken;
      expect(JSON.parse(text(message))).toEqual({ hello: 'world' });
      expect(message.channel).toBe(address);
      await inbox.close();
    });

    it('D70: carries headers and the content type where the protocol has them', async () => {
      const target = broker();
      const receiver = await connect();
      const sender = await connect();
      const address = channel();
      const inbox = await MessageInbox.open(receiver, [address]);
      const sent = sender.publish({ channel: address, headers: target.carriesHeaders ? { 'x-order-id': 'o-17', traceparent: '00-ab-cd-01' } : {}, payload: json({ n: 1 }), contentType: 'application/json' });
      await sent;
      const message = await inbox.take(address, () => true, 10_000);
      if (target.carriesHeaders) expect(message.headers).toMatchObject({ 'x-order-id': 'o-17', traceparent: '00-ab-cd-01' });
      else expect(message.headers).toEqual({});
      if (target.carriesContentType) expect(message.contentType).toBe('application/json');
      else expect(message.contentType).toBeUndefined();
      if (!target.carriesHeaders) {
        const refused = await sender.publish({ channel: address, headers: { 'x-order-id': 'o-17' }, payload: json({}) }).catch((error: unknown) => error);
        expect((refused as LoomError).code).toBe('LOOM_ERR_TRANSPORT');
        expect((refused as LoomError).message).toMatch(/x-order-id/);
      }
      await inbox.close();
    });

    it('D27: keeps a reply that arrives before its receive starts', async () => {
      const receiver = await connect();
      const sender = await connect();
      const address = channel();
      const inbox = await MessageInbox.open(receiver, [address]);
      await sender.publish({ channel: address, headers: {}, payload: json({ id: 'early' }), contentType: 'application/json' });
      await expect.poll(() => inbox.size, { timeout: 10_000 }).toBe(1);
      const message = await inbox.take(address, correlationIs('early'), 1_000);
      expect(JSON.parse(text(message))).toEqual({ id: 'early' });
      expect(inbox.size).toBe(0);
      await inbox.close();
    });

    it('D27: two interleaved receives each get their own correlated message', async () => {
      const receiver = await connect();
      const sender = await connect();
      const address = channel();
      const inbox = await MessageInbox.open(receiver, [address]);
      const first = inbox.take(address, correlationIs('run-1'), 10_000);
      const second = inbox.take(address, correlationIs('run-2'), 10_000);
      await sender.publish({ channel: address, headers: {}, payload: json({ id: 'run-2', reply: 'for two' }), contentType: 'application/json' });
      await sender.publish({ channel: address, headers: {}, payload: json({ id: 'other', reply: 'for nobody' }), contentType: 'application/json' });
      await sender.publish({ channel: address, headers: {}, payload: json({ id: 'run-1', reply: 'for one' }), contentType: 'application/json' });
      expect(JSON.parse(text(await first))).toEqual({ id: 'run-1', reply: 'for one' });
      expect(JSON.parse(text(await second))).toEqual({ id: 'run-2', reply: 'for two' });
      await expect.poll(() => inbox.size, { timeout: 10_000 }).toBe(1);
      await inbox.close();
    });

    it('fails a receive with LOOM_ERR_MESSAGE_TIMEOUT when nothing matches in time', async () => {
      const receiver = await connect();
      const sender = await connect();
      const address = channel();
      const inbox = await MessageInbox.open(receiver, [address]);
      await sender.publish({ channel: address, headers: {}, payload: json({ id: 'not-mine' }), contentType: 'application/json' });
      const started = Date.now();
      const error = await inbox.take(address, correlationIs('mine'), 300).catch((caught: unknown) => caught);
      expect((error as LoomError).code).toBe('LOOM_ERR_MESSAGE_TIMEOUT');
      expect((error as LoomError).message).toBe(`no matching message on '${address}' within 300 ms`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      await inbox.close();
    });

    it('fails a receive with LOOM_ERR_ABORTED when its signal aborts', async () => {
      const receiver = await connect();
      const address = channel();
      const inbox = await MessageInbox.open(receiver, [address]);
      const controller = new AbortController();
      const taken = inbox.take(address, () => true, 30_000, controller.signal);
      controller.abort();
      await expect(taken).rejects.toMatchObject({ code: 'LOOM_ERR_ABORTED' });
      await inbox.close();
    });

    it('D69: a broker that is down at connect is one clear LOOM_ERR_TRANSPORT, quickly', async () => {
      const url = await options.downUrl();
      const started = Date.now();
      // WebSocket connects per channel, so the failure may come at the subscription a run makes first.
      const error = await connectTransport({ url: new URL(url), connectTimeoutMs: 5_000 })
        .then(async (transport) => {
          open.push(transport);
          await MessageInbox.open(transport, ['loom/test/down']);
        })
        .catch((caught: unknown) => caught);
      expect(isLoomError(error)).toBe(true);
      expect((error as LoomError).code).toBe('LOOM_ERR_TRANSPORT');
      expect((error as LoomError).message).toContain(new URL(url).host);
      expect((error as LoomError).message).not.toMatch(/\n\s+at /);
      // Generous for a loaded machine; the point is that it does not wait out a long default.
      expect(Date.now() - started).toBeLessThan(5_500);
    });

    const restartMidRun = async () => {
      let failure: Error | undefined;
      let inbox: MessageInbox | undefined;
      const receiver = await connect({
        connectTimeoutMs: 15_000,
        onFailure: (error) => {
          failure = error;
          inbox?.fail(error);
        },
      });
      const address = channel();
      inbox = await MessageInbox.open(receiver, [address]);
      const taken = inbox.take(address, correlationIs('after-restart'), 60_000).then(
        (message) => ({ message }),
        (error: unknown) => ({ error }),
      );
      await broker().restart();
      if (options.afterRestart === 'reconnects') {
        const sender = await connect();
        // Until the receiver has re-subscribed a message may go nowhere: publish until one arrives.
        let outcome: { message?: TransportMessage; error?: unknown } | undefined;
        void taken.then((value) => (outcome = value));
        const deadline = Date.now() + 20_000;
        while (outcome === undefined && Date.now() < deadline) {
          await sender.publish({ channel: address, headers: {}, payload: json({ id: 'after-restart' }), contentType: 'application/json' });
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        const result = await taken;
        expect(result).toHaveProperty('message');
        expect(failure).toBeUndefined();
      } else {
        const result = await taken;
        expect(result).toHaveProperty('error');
        const error = (result as { error: LoomError }).error;
        expect(error.code).toBe('LOOM_ERR_TRANSPORT');
        expect(failure).toBe(error);
        await expect(inbox.take(address, () => true, 60_000)).rejects.toBe(error);
      }
      await inbox.close();
    };
    if (options.afterRestart === 'reconnects') {
      it('D69: a broker restarted mid-run: the transport reconnects and the receive completes', restartMidRun, options.restartTestTimeoutMs ?? 60_000);
    } else {
      it('D69: a broker restarted mid-run: the transport fails the pending receive cleanly', restartMidRun, options.restartTestTimeoutMs ?? 60_000);
    }
  }
}
