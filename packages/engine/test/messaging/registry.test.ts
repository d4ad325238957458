/** Transports by protocol: the built-in ones, an unsupported protocol, and one an embedder registers. */
import { describe, expect, it } from 'vitest';
import { LoomError } from '../../src/errors.js';
import { MessageInbox } from '../../src/messaging/inbox.js';
import { connectTransport, registerTransport, supportedProtocols, transportFactory } from '../../src/messaging/registry.js';
import type { MessageListener, Transport, TransportMessage } from '../../src/messaging/types.js';
import { registerTransport as publicRegisterTransport } from '../../src/index.js';

describe('transport registry', () => {
  it('has a transport for each protocol of issue 13', () => {
    for (const protocol of ['mqtt', 'mqtts', 'amqp', 'amqps', 'nats', 'ws', 'wss', 'MQTT']) expect(transportFactory(protocol), protocol).toBeDefined();
  });

  it('a protocol no transport speaks is one LOOM_ERR_PROTOCOL_UNSUPPORTED naming it', async () => {
    const error = (await connectTransport({ url: new URL('kafka://broker.example:9092'), protocol: 'kafka' }).catch((caught: unknown) => caught)) as LoomError;
    expect(error.code).toBe('LOOM_ERR_PROTOCOL_UNSUPPORTED');
    expect(error.message).toBe("Loom cannot send or receive messages over 'kafka': it speaks amqp, amqps, mqtt, mqtts, nats, ws, wss");
  });

  it('the protocol is the URL scheme when none is given', async () => {
    await expect(connectTransport({ url: new URL('stomp://127.0.0.1:61613') })).rejects.toMatchObject({ code: 'LOOM_ERR_PROTOCOL_UNSUPPORTED', message: expect.stringContaining("'stomp'") });
  });

  it('an embedder registers a transport for another protocol, and the inbox runs on it', async () => {
    // An in-memory loopback, as an embedder might write for tests of its own.
    const listeners = new Map<string, Set<MessageListener>>();
    let connectedWith: string | undefined;
    const loopback: Transport = {
      protocol: 'loopback',
      publish: async (message: TransportMessage) => {
        for (const listener of listeners.get(message.channel) ?? []) listener(message);
      },
      subscribe: async (channel, listener) => {
        const set = listeners.get(channel) ?? new Set();
        set.add(listener);
        listeners.set(channel, set);
        return { unsubscribe: async () => void set.delete(listener) };
      },
      close: async () => undefined,
    };
    expect(publicRegisterTransport).toBe(registerTransport);
    registerTransport('loopback', async (options) => {
      connectedWith = options.url.href;
      return loopback;
    });
    expect(supportedProtocols()).toContain('loopback');
    const transport = await connectTransport({ url: new URL('loopback://local/') });
    expect(connectedWith).toBe('loopback://local/');
    const inbox = await MessageInbox.open(transport, ['orders']);
    await transport.publish({ channel: 'orders', headers: { 'x-id': '1' }, payload: new Uint8Array([1, 2, 3]) });
    expect(await inbox.take('orders', () => true, 1_000)).toMatchObject({ headers: { 'x-id': '1' }, payload: new Uint8Array([1, 2, 3]) });
    await inbox.close();
  });

  it('D31: an error a registered transport throws is one LOOM_ERR_TRANSPORT line with the URL password masked', async () => {
    registerTransport('leaky', async (options) => {
      throw new Error(`could not log in to ${options.url.href}`);
    });
    const error = (await connectTransport({ url: new URL('leaky://admin:hunter2-secret@broker.example/') }).catch((caught: unknown) => caught)) as LoomError;
    expect(error.code).toBe('LOOM_ERR_TRANSPORT');
    expect(error.message).not.toContain('hunter2-secret');
    expect(error.message).toBe('leaky leaky://****@broker.example/: could not log in to leaky://admin:****@broker.example/');
    registerTransport('leaky', async () => {
      throw new LoomError('LOOM_ERR_TRANSPORT', 'refused password hunter2-secret');
    });
    const loomError = (await connectTransport({ url: new URL('leaky://admin:hunter2-secret@broker.example/') }).catch((caught: unknown) => caught)) as LoomError;
    expect(loomError).toMatchObject({ code: 'LOOM_ERR_TRANSPORT', message: 'refused password ****' });
  });

  it('a protocol name that is not one is LOOM_ERR_USAGE', () => {
    expect(() => registerTransport('no spaces', async () => undefined as never)).toThrow(expect.objectContaining({ code: 'LOOM_ERR_USAGE' }));
  });
});
