/** The NATS transport against nats-server. */
import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../../../../test/support/services/free-port.js';
import { type NatsServer, startNatsServer } from '../../../../test/support/services/nats.js';
import { describeTransportContract } from './transport-contract.js';

let server: NatsServer;

beforeAll(async () => {
  server = await startNatsServer();
}, 30_000);

afterAll(async () => {
  await server?.stop();
});

describeTransportContract(
  'nats (nats-server)',
  () => ({ url: server.url, carriesHeaders: true, carriesContentType: true, restart: () => server.restart() }),
  { downUrl: async () => `nats://127.0.0.1:${await freePort()}`, afterRestart: 'reconnects' },
);
