/** The WebSocket transport against a `ws` server in this process, which relays frames between sockets on one path. */
import { afterAll, beforeAll, describe } from 'vitest';
import { freePort } from '../../../../test/support/services/free-port.js';
import { startWsServer, type WsServer } from '../../../../test/support/services/ws-server.js';
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
