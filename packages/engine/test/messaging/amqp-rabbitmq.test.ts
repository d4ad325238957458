/** The AMQP 0-9-1 transport against rabbitmq-server (started once for this file: it is slow to start). */
import { afterAll, beforeAll, describe } from 'vitest';
import { freePort } from '../../../../test/support/services/free-port.js';
import { type RabbitMq, startRabbitMq } from '../../../../test/support/services/rabbitmq.js';
import { describeTransportContract } from './transport-contract.js';

let server: RabbitMq;

beforeAll(async () => {
  server = await startRabbitMq();
}, 180_000);

afterAll(async () => {
  await server?.stop();
}, 60_000);

describe('D69, D70: the transport contract over amqp 0-9-1 (rabbitmq-server)', () =>
  describeTransportContract(
    () => ({ url: server.url, carriesHeaders: true, carriesContentType: true, restart: () => server.restart() }),
    { downUrl: async () => `amqp://127.0.0.1:${await freePort()}`, afterRestart: 'fails', restartTestTimeoutMs: 240_000 },
  ),
);
