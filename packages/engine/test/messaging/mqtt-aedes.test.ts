/** The MQTT transport against aedes, an MQTT 3.1.1 broker in this process. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AedesBroker, startAedes } from '../../../../test/support/services/aedes.js';
import { freePort } from '../../../../test/support/services/free-port.js';
import type { LoomError } from '../../src/errors.js';
import { MessageInbox } from '../../src/messaging/inbox.js';
import { connectTransport } from '../../src/messaging/registry.js';
import { describeTransportContract } from './transport-contract.js';

let broker: AedesBroker;

beforeAll(async () => {
  broker = await startAedes();
});

afterAll(async () => {
  await broker.close();
});

describe('D69, D70: the transport contract over mqtt 3.1.1 (aedes)', () =>
  describeTransportContract(
    () => ({
      url: broker.url,
      carriesHeaders: false,
      carriesContentType: false,
      restart: async () => {
        await broker.stop();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await broker.start();
      },
    }),
    { downUrl: async () => `mqtt://127.0.0.1:${await freePort()}`, afterRestart: 'reconnects' },
  ),
);

describe('mqtt: a publish while the broker is away', () => {
  it('D70: waits for its PUBACK no longer than publishTimeoutMs, fails with LOOM_ERR_TRANSPORT, and is not sent after the reconnect', async () => {
    const transport = await connectTransport({ url: new URL(broker.url), publishTimeoutMs: 400, connectTimeoutMs: 30_000 });
    const watcher = await connectTransport({ url: new URL(broker.url), connectTimeoutMs: 30_000 });
    const inbox = await MessageInbox.open(watcher, ['away/topic']);
    await broker.stop();
    try {
      const started = Date.now();
      const error = (await transport.publish({ channel: 'away/topic', headers: {}, payload: new Uint8Array([1]) }).catch((caught: unknown) => caught)) as LoomError;
      expect(error.code).toBe('LOOM_ERR_TRANSPORT');
      expect(error.message).toBe(`mqtt ${broker.url}: no PUBACK for 'away/topic' within 400 ms`);
      // Generous for a loaded machine: the bound is what matters, not its precision.
      expect(Date.now() - started).toBeLessThan(5_000);
      await broker.start();
      // Both clients reconnect within a second (RECONNECT_PERIOD_MS); a message still queued would arrive then.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await transport.publish({ channel: 'away/topic', headers: {}, payload: new Uint8Array([2]) });
      const first = await inbox.take('away/topic', () => true, 10_000);
      expect([...first.payload]).toEqual([2]);
    } finally {
      await inbox.close();
      await Promise.all([transport.close(), watcher.close()]);
    }
  });
});
