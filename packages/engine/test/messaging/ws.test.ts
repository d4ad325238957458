/** The WebSocket transport against a `ws` server in this process, which relays frames between sockets on one path. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../test/support/services/free-port.js';
import { startWsServer, type WsServer } from '../../../../test/support/services/ws-server.js';
import type { LoomError } from '../../src/errors.js';
import { MessageInbox } from '../../src/messaging/inbox.js';
import { connectTransport } from '../../src/messaging/registry.js';
import { describeTransportContract } from './transport-contract.js';

let server: WsServer;

beforeAll(async () => {
  server = await startWsServer();
});

afterAll(async () => {
  await server.close();
});

describe('D69, D70: the transport contract over ws (a ws server)', () =>
  describeTransportContract(
    () => ({ url: server.url, carriesHeaders: false, carriesContentType: false, restart: async () => server.dropAll() }),
    { downUrl: async () => `ws://127.0.0.1:${await freePort()}`, afterRestart: 'fails' },
  ),
);

describe('ws credentials from the URL user info', () => {
  it('D31: are sent as Basic auth in the handshake; a refused password is a LOOM_ERR_TRANSPORT that never shows it', async () => {
    const secured = await startWsServer({ requireAuthorization: `Basic ${Buffer.from('loom:right-pa55word').toString('base64')}` });
    try {
      const good = await connectTransport({ url: new URL(`ws://loom:right-pa55word@127.0.0.1:${secured.port}`) });
      const inbox = await MessageInbox.open(good, ['/secured']);
      expect(secured.clients('/secured')).toBe(1);
      await inbox.close();
      await good.close();
      const bad = await connectTransport({ url: new URL(`ws://loom:wrong-pa55word@127.0.0.1:${secured.port}`), connectTimeoutMs: 5_000 });
      const error = (await MessageInbox.open(bad, ['/secured']).catch((caught: unknown) => caught)) as LoomError;
      expect(error.code).toBe('LOOM_ERR_TRANSPORT');
      expect(error.message).toBe(`ws ws://****@127.0.0.1:${secured.port}/: cannot open channel '/secured': the server answered HTTP 401`);
      await bad.close();
    } finally {
      await secured.close();
    }
  });
});
