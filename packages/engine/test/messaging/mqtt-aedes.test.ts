/** The MQTT transport against aedes, an MQTT 3.1.1 broker in this process. */
import { afterAll, beforeAll } from 'vitest';
import { type AedesBroker, startAedes } from '../../../../test/support/services/aedes.js';
import { freePort } from '../../../../test/support/services/free-port.js';
import { describeTransportContract } from './transport-contract.js';

let broker: AedesBroker;

beforeAll(async () => {
  broker = await startAedes();
});

afterAll(async () => {
  await broker.close();
});

describeTransportContract(
  'mqtt 3.1.1 (aedes)',
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
);
