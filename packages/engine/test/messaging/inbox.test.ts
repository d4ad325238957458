/** The bounded inbox (DECISIONS D68) over a real MQTT broker in this process (aedes). */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AedesBroker, startAedes } from '../../../../test/support/services/aedes.js';
import type { LoomError } from '../../src/errors.js';
import { MessageInbox } from '../../src/messaging/inbox.js';
import { connectTransport } from '../../src/messaging/registry.js';
import type { Transport, TransportMessage } from '../../src/messaging/types.js';

let broker: AedesBroker;
let transport: Transport;
const inboxes: MessageInbox[] = [];

beforeAll(async () => {
  broker = await startAedes();
  transport = await connectTransport({ url: new URL(broker.url) });
});

afterEach(async () => {
  await Promise.all(inboxes.splice(0).map((inbox) => inbox.close()));
});

afterAll(async () => {
  await transport.close();
  await broker.close();
});

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const textOf = (message: TransportMessage): string => Buffer.from(message.payload).toString('utf8');
const open = async (channels: string[], limits?: { maxMessages?: number; maxBytes?: number }): Promise<MessageInbox> => {
  const inbox = await MessageInbox.open(transport, channels, limits);
  inboxes.push(inbox);
  return inbox;
};
const publishAll = async (channel: string, payloads: string[]): Promise<void> => {
  for (const payload of payloads) await transport.publish({ channel, headers: {}, payload: bytes(payload) });
};

describe('MessageInbox', () => {
  it('D68: when the count limit is reached the oldest buffered messages make room, and a timeout says so', async () => {
    const inbox = await open(['inbox/count'], { maxMessages: 3 });
    await publishAll('inbox/count', ['m1', 'm2', 'm3', 'm4', 'm5']);
    await expect.poll(() => inbox.dropped('inbox/count'), { timeout: 10_000 }).toBe(2);
    expect(inbox.size).toBe(3);
    const error = (await inbox.take('inbox/count', (message) => textOf(message) === 'm1', 200).catch((caught: unknown) => caught)) as LoomError;
    expect(error.code).toBe('LOOM_ERR_MESSAGE_TIMEOUT');
    expect(error.message).toBe(
      "no matching message on 'inbox/count' within 200 ms (the inbox was full and dropped 2 messages on this channel; limits: 3 messages, 16777216 bytes)",
    );
    expect(textOf(await inbox.take('inbox/count', () => true, 1_000))).toBe('m3');
    expect(textOf(await inbox.take('inbox/count', (message) => textOf(message) === 'm5', 1_000))).toBe('m5');
    expect(textOf(await inbox.take('inbox/count', () => true, 1_000))).toBe('m4');
  });

  it('D68: the byte limit counts payload bytes over all channels; a message larger than the limit is dropped', async () => {
    const inbox = await open(['inbox/a', 'inbox/b'], { maxBytes: 10 });
    await publishAll('inbox/a', ['aaaa']);
    await publishAll('inbox/b', ['bbbb']);
    await expect.poll(() => inbox.size, { timeout: 10_000 }).toBe(2);
    await publishAll('inbox/b', ['cccc']);
    await expect.poll(() => inbox.dropped('inbox/a'), { timeout: 10_000 }).toBe(1);
    await publishAll('inbox/a', ['x'.repeat(11)]);
    await expect.poll(() => inbox.dropped('inbox/a'), { timeout: 10_000 }).toBe(2);
    expect(inbox.size).toBe(2);
    expect(textOf(await inbox.take('inbox/b', () => true, 1_000))).toBe('bbbb');
    expect(textOf(await inbox.take('inbox/b', () => true, 1_000))).toBe('cccc');
  });

  it('D68: a message a waiting receive matches goes to it, not to the buffer', async () => {
    const inbox = await open(['inbox/direct'], { maxMessages: 1 });
    const taken = inbox.take('inbox/direct', (message) => textOf(message) === 'wanted', 10_000);
    await publishAll('inbox/direct', ['other', 'wanted']);
    expect(textOf(await taken)).toBe('wanted');
    await expect.poll(() => inbox.size, { timeout: 10_000 }).toBe(1);
    expect(inbox.dropped('inbox/direct')).toBe(0);
  });

  it('a receive on a channel the inbox does not subscribe to is LOOM_ERR_USAGE', async () => {
    const inbox = await open(['inbox/known']);
    await expect(inbox.take('inbox/unknown', () => true, 100)).rejects.toMatchObject({ code: 'LOOM_ERR_USAGE' });
  });

  it('a match that throws fails that receive with its error', async () => {
    const inbox = await open(['inbox/throws']);
    const problem = new Error('bad correlation expression');
    const taken = inbox.take('inbox/throws', () => {
      throw problem;
    }, 10_000);
    await publishAll('inbox/throws', ['any']);
    await expect(taken).rejects.toBe(problem);
  });

  it('D69: once the transport has failed, receives with nothing buffered fail at once, buffered messages are still taken', async () => {
    const inbox = await open(['inbox/failed']);
    await publishAll('inbox/failed', ['kept']);
    await expect.poll(() => inbox.size, { timeout: 10_000 }).toBe(1);
    const waiting = inbox.take('inbox/failed', (message) => textOf(message) === 'never', 60_000);
    const lost = new Error('connection lost');
    inbox.fail(lost);
    await expect(waiting).rejects.toBe(lost);
    expect(textOf(await inbox.take('inbox/failed', () => true, 60_000))).toBe('kept');
    await expect(inbox.take('inbox/failed', () => true, 60_000)).rejects.toBe(lost);
  });

  it('close fails waiting receives with LOOM_ERR_ABORTED and unsubscribes', async () => {
    const inbox = await MessageInbox.open(transport, ['inbox/closed']);
    const waiting = inbox.take('inbox/closed', () => true, 60_000).catch((error: unknown) => error);
    await inbox.close();
    expect(await waiting).toMatchObject({ code: 'LOOM_ERR_ABORTED' });
  });
});
