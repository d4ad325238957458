/** The NATS transport against nats-server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../test/support/services/free-port.js';
import { type NatsServer, startNatsServer } from '../../../../test/support/services/nats.js';
import type { LoomError } from '../../src/errors.js';
import { MessageInbox } from '../../src/messaging/inbox.js';
import { connectTransport } from '../../src/messaging/registry.js';
import { describeTransportContract } from './transport-contract.js';

let server: NatsServer;

beforeAll(async () => {
  server = await startNatsServer();
}, 30_000);

afterAll(async () => {
  await server?.stop();
});

describe('D69, D70: the transport contract over nats (nats-server)', () =>
  describeTransportContract(
    () => ({ url: server.url, carriesHeaders: true, carriesContentType: true, restart: () => server.restart() }),
    { downUrl: async () => `nats://127.0.0.1:${await freePort()}`, afterRestart: 'reconnects' },
  ),
);

describe('nats: a publish while the server is away', () => {
  it('D70: waits for its flush no longer than publishTimeoutMs, then fails with LOOM_ERR_TRANSPORT', async () => {
    const transport = await connectTransport({ url: new URL(server.url), publishTimeoutMs: 400, connectTimeoutMs: 30_000 });
    const watcher = await connectTransport({ url: new URL(server.url), connectTimeoutMs: 30_000 });
    const inbox = await MessageInbox.open(watcher, ['away.subject']);
    await server.stop();
    try {
      const started = Date.now();
      const error = (await transport.publish({ channel: 'away.subject', headers: {}, payload: new Uint8Array([1]) }).catch((caught: unknown) => caught)) as LoomError;
      expect(error.code).toBe('LOOM_ERR_TRANSPORT');
      // Either the flush times out, or the client gives up on it when it sees the disconnect first.
      expect(error.message).toMatch(new RegExp(`^nats ${server.url}: (no flush for 'away\\.subject' within 400 ms|publish to 'away\\.subject' not confirmed: DISCONNECT)$`));
      // Generous for a loaded machine: the bound is what matters, not its precision.
      expect(Date.now() - started).toBeLessThan(5_000);
      await server.restart();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await transport.publish({ channel: 'away.subject', headers: {}, payload: new Uint8Array([2]) });
      const first = await inbox.take('away.subject', () => true, 10_000);
      expect([...first.payload]).toEqual([2]);
    } finally {
      await inbox.close();
      await Promise.all([transport.close(), watcher.close()]);
    }
  });
});
