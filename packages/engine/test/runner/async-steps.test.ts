/**
 * Asynchronous steps (Arazzo 1.1.0 `action: send | receive`) run against aedes, a real MQTT broker
 * in this process: the message sent, correlation, an early reply, timeout, failed criteria, a broker
 * that is down at the start or restarts mid-run (DECISIONS D27, D104-D106).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AedesBroker, startAedes } from '../../../../test/support/services/aedes.js';
import { freePort } from '../../../../test/support/services/free-port.js';
import { runRecorded } from './harness.js';
import { loadFromFiles } from './workspace.js';
import { asyncHeader, ordersAsyncApi, PLACE_AND_CONFIRM, startResponder, type Responder } from './async-workspace.js';
import type { LoomError, RunEvent } from '@loom/engine';

// The AsyncAPI parser builds its ruleset on first use; on a loaded machine that takes seconds.
const LOAD_TIMEOUT_MS = 120_000;

let broker: AedesBroker;
beforeAll(async () => {
  broker = await startAedes();
});
afterAll(async () => {
  await broker.close();
});

const loadOrders = (workflows: string, url = broker.url) => loadFromFiles({ 'flow.arazzo.yaml': asyncHeader() + workflows, 'orders.asyncapi.yaml': ordersAsyncApi(url) });

/** Confirms every order it sees on orders/+/placed, `delayMs` later, with `status`. */
async function confirmingService(status = 'confirmed', delayMs = 0): Promise<Responder> {
  const responder = await startResponder(broker.url, ['orders/+/placed']);
  responder.transport.subscribe('orders/+/placed', (message) => {
    const order = JSON.parse(new TextDecoder().decode(message.payload)) as { orderId: string };
    setTimeout(() => void responder.publishJson('orders/confirmed', { orderId: order.orderId, status }), delayMs);
  });
  return responder;
}

describe('asynchronous steps over MQTT (aedes)', () => {
  it(
    'D27: a send publishes the payload on the channel address with its channel parameters; a receive takes the reply whose correlation id matches',
    async () => {
      const service = await confirmingService();
      try {
        const loaded = await loadOrders(PLACE_AND_CONFIRM);
        const { result, events } = await runRecorded(loaded, { inputs: { orderId: 'o-1' } });
        expect(result.error).toBeUndefined();
        expect(result.status).toBe('success');
        expect(result.outputs).toEqual({ status: 'confirmed' });
        const sent = events.find((event) => event.type === 'message.send') as Extract<RunEvent, { type: 'message.send' }>;
        expect(sent).toMatchObject({ stepId: 'place', protocol: 'mqtt', channel: 'orders/eu/placed', payload: { orderId: 'o-1', item: 'tea' }, contentType: 'application/json' });
        const received = events.find((event) => event.type === 'message.receive') as Extract<RunEvent, { type: 'message.receive' }>;
        expect(received).toMatchObject({ stepId: 'confirm', channel: 'orders/confirmed', payload: { orderId: 'o-1', status: 'confirmed' } });
        expect(events.find((event) => event.type === 'step.start' && event.stepId === 'place')).toMatchObject({ kind: 'message', operation: 'send orders/{region}/placed' });
      } finally {
        await service.close();
      }
    },
    LOAD_TIMEOUT_MS,
  );

  it(
    'D106: two interleaved runs each take their own reply, whichever arrives first',
    async () => {
      // The service answers the later order first: o-b's confirmation comes before o-a's.
      const responder = await startResponder(broker.url, ['orders/+/placed']);
      const seen: string[] = [];
      responder.transport.subscribe('orders/+/placed', (message) => {
        seen.push((JSON.parse(new TextDecoder().decode(message.payload)) as { orderId: string }).orderId);
        if (seen.length === 2) {
          void responder.publishJson('orders/confirmed', { orderId: seen[1], status: 'confirmed' }).then(() => responder.publishJson('orders/confirmed', { orderId: seen[0], status: 'confirmed' }));
        }
      });
      try {
        const loaded = await loadOrders(PLACE_AND_CONFIRM.replace(/outputs:\n      status: \$steps.confirm.outputs.status/, 'outputs:\n      status: $steps.confirm.outputs.status\n      orderId: $steps.confirm.outputs.orderId'));
        const [a, b] = await Promise.all([runRecorded(loaded, { inputs: { orderId: 'o-a' } }), runRecorded(loaded, { inputs: { orderId: 'o-b' } })]);
        expect(a.result.outputs).toEqual({ status: 'confirmed', orderId: 'o-a' });
        expect(b.result.outputs).toEqual({ status: 'confirmed', orderId: 'o-b' });
      } finally {
        await responder.close();
      }
    },
    LOAD_TIMEOUT_MS,
  );

  it(
    'D27: a reply published before the receive step starts is kept and taken',
    async () => {
      const responder = await startResponder(broker.url, []);
      try {
        // The first step waits 1.5 s for a message nobody sends (and fails into the next step), so
        // the reply, published at once, is in the inbox well before the receive step starts.
        const workflow = `workflows:
  - workflowId: early
    steps:
      - stepId: wait
        operationId: receiveConfirmation
        action: receive
        correlationId: never
        timeout: 1500
        onFailure:
          - { name: goOn, type: goto, stepId: confirm }
      - stepId: confirm
        operationId: receiveConfirmation
        action: receive
        correlationId: early-1
        timeout: 10000
        outputs:
          status: $message.payload#/status
    outputs:
      status: $steps.confirm.outputs.status
`;
        const loaded = await loadOrders(workflow);
        const running = runRecorded(loaded);
        // Subscribed when the run starts: give it a moment, then reply.
        await new Promise((resolve) => setTimeout(resolve, 500));
        await responder.publishJson('orders/confirmed', { orderId: 'early-1', status: 'early' });
        const { result, events } = await running;
        expect(result.outputs).toEqual({ status: 'early' });
        const received = events.find((event) => event.type === 'message.receive' && event.stepId === 'confirm') as Extract<RunEvent, { type: 'message.receive' }>;
        expect(received).toBeDefined();
        expect(events.findIndex((event) => event.type === 'step.end' && event.stepId === 'wait')).toBeGreaterThan(-1);
      } finally {
        await responder.close();
      }
    },
    LOAD_TIMEOUT_MS,
  );

  it(
    "D27: no matching message within the step's timeout fails the step, and a reply for another order is not taken",
    async () => {
      const responder = await startResponder(broker.url, []);
      try {
        const loaded = await loadOrders(PLACE_AND_CONFIRM.replace('timeout: 10000', 'timeout: 800'));
        const running = runRecorded(loaded, { inputs: { orderId: 'mine' } });
        await new Promise((resolve) => setTimeout(resolve, 300));
        await responder.publishJson('orders/confirmed', { orderId: 'someone-else', status: 'confirmed' });
        const { result } = await running;
        expect(result.status).toBe('failure');
        expect(result.error).toMatchObject({ stepId: 'confirm', message: "step confirm failed: no matching message on 'orders/confirmed' within 800 ms" });
      } finally {
        await responder.close();
      }
    },
    LOAD_TIMEOUT_MS,
  );

  it(
    'D27: a message that fails the success criteria fails the step, naming the value seen',
    async () => {
      const service = await confirmingService('rejected');
      try {
        const loaded = await loadOrders(PLACE_AND_CONFIRM);
        const { result } = await runRecorded(loaded, { inputs: { orderId: 'o-r' } });
        expect(result.status).toBe('failure');
        expect(result.error?.stepId).toBe('confirm');
        expect(result.error?.message).toMatch(/^step confirm failed: .*\$message\.payload#\/status == 'confirmed'.*rejected/);
      } finally {
        await service.close();
      }
    },
    LOAD_TIMEOUT_MS,
  );

  it(
    'D21: secrets in message payloads are masked in every message event, including where they come back in a reply',
    async () => {
      const responder = await startResponder(broker.url, ['orders/+/placed']);
      responder.transport.subscribe('orders/+/placed', (message) => {
        const order = JSON.parse(new TextDecoder().decode(message.payload)) as { orderId: string; apiToken: string };
        // The reply quotes the token under a name that is not secret: masked because the run knows the value.
        void responder.publishJson('orders/confirmed', { orderId: order.orderId, status: 'confirmed', echoed: order.apiToken });
      });
      try {
        const workflow = PLACE_AND_CONFIRM.replace('            item: tea', '            item: tea\n            apiToken: $inputs.token').replace(
          '        orderId: { type: string }\n',
          '        orderId: { type: string }\n        token: { type: string }\n',
        );
        const loaded = await loadOrders(workflow);
        const { result, events } = await runRecorded(loaded, { inputs: { orderId: 'o-m', token: 'tok-9f8e7d6c5b' } });
        expect(result.status).toBe('success');
        const sent = events.find((event) => event.type === 'message.send') as Extract<RunEvent, { type: 'message.send' }>;
        expect(sent.payload).toMatchObject({ apiToken: '****' });
        const received = events.find((event) => event.type === 'message.receive') as Extract<RunEvent, { type: 'message.receive' }>;
        expect(received.payload).toMatchObject({ echoed: '****' });
        // The input itself is not declared secret (run.start shows it); every message event hides it.
        expect(JSON.stringify(events.filter((event) => event.type.startsWith('message.')))).not.toContain('tok-9f8e7d6c5b');
      } finally {
        await responder.close();
      }
    },
    LOAD_TIMEOUT_MS,
  );

  it(
    'D105: a broker that is down when the run starts is one LOOM_ERR_TRANSPORT error naming it, and nothing runs',
    async () => {
      const down = `mqtt://127.0.0.1:${await freePort()}`;
      const loaded = await loadOrders(PLACE_AND_CONFIRM, down);
      const error = (await runRecorded(loaded, { inputs: { orderId: 'o-d' } }).catch((caught: unknown) => caught)) as LoomError;
      expect(error.code).toBe('LOOM_ERR_TRANSPORT');
      expect(error.message).toMatch(new RegExp(`^mqtt ${down.replace(/\./g, '\\.')}/?: cannot connect`));
    },
    LOAD_TIMEOUT_MS,
  );

  it(
    'D105: --server <source>=<url> overrides the AsyncAPI server; the URL user info is the credentials and is masked',
    async () => {
      const guarded = await startAedes({ credentials: { username: 'loom', password: 's3cret-pw' } });
      const responder = await startResponder(`mqtt://loom:s3cret-pw@127.0.0.1:${guarded.port}`, ['orders/+/placed']);
      responder.transport.subscribe('orders/+/placed', (message) => {
        const order = JSON.parse(new TextDecoder().decode(message.payload)) as { orderId: string };
        void responder.publishJson('orders/confirmed', { orderId: order.orderId, status: 'confirmed', echo: 's3cret-pw' });
      });
      try {
        const loaded = await loadOrders(PLACE_AND_CONFIRM, 'mqtt://127.0.0.1:1');
        const { result, events } = await runRecorded(loaded, { inputs: { orderId: 'o-s' }, servers: { orders: `mqtt://loom:s3cret-pw@127.0.0.1:${guarded.port}` } });
        expect(result.status).toBe('success');
        const text = JSON.stringify(events);
        expect(text).not.toContain('s3cret-pw');
        expect(events.find((event) => event.type === 'message.send')).toMatchObject({ server: `mqtt://****@127.0.0.1:${guarded.port}` });
      } finally {
        await responder.close();
        await guarded.close();
      }
    },
    LOAD_TIMEOUT_MS,
  );
});
