/**
 * A workflow whose AsyncAPI source is written in AsyncAPI 2.6 runs end to end over a real MQTT broker (aedes, in
 * this process): the order goes out on the 2.x `publish` channel, the confirmation comes back on the `subscribe`
 * channel and is matched by its correlation id (DECISIONS D111).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '@loom/engine';
import { type AedesBroker, startAedes } from '../../../../test/support/services/aedes.js';
import { asyncHeader, PLACE_AND_CONFIRM, startResponder } from '../runner/async-workspace.js';
import { runRecorded } from '../runner/harness.js';
import { loadFromFiles } from '../runner/workspace.js';

// The AsyncAPI parser builds its ruleset on first use; on a loaded machine that takes seconds.
const LOAD_TIMEOUT_MS = 120_000;

let broker: AedesBroker;
beforeAll(async () => {
  broker = await startAedes();
});
afterAll(async () => {
  await broker.close();
});

/** The orders service in AsyncAPI 2.6: clients publish orders and subscribe to confirmations. */
function ordersAsyncApi2(url: string): string {
  return `asyncapi: 2.6.0
info: { title: orders, version: 1.0.0 }
defaultContentType: application/json
servers:
  broker:
    url: '${url}'
    protocol: mqtt
channels:
  orders/{region}/placed:
    parameters:
      region:
        schema: { type: string }
    publish:
      operationId: placeOrder
      message:
        $ref: '#/components/messages/order'
  orders/confirmed:
    subscribe:
      operationId: receiveConfirmation
      message:
        $ref: '#/components/messages/confirmation'
components:
  messages:
    order:
      payload:
        type: object
        properties:
          orderId: { type: string }
          item: { type: string }
    confirmation:
      correlationId:
        location: '$message.payload#/orderId'
      payload:
        type: object
        properties:
          orderId: { type: string }
          status: { type: string }
`;
}

/** Places an order by operationId, then receives its confirmation by channelPath: the 2.x channel key. */
const WORKFLOW = PLACE_AND_CONFIRM.replace('operationId: receiveConfirmation', "channelPath: '{$sourceDescriptions.orders.url}#/channels/orders~1confirmed'");

describe('an AsyncAPI 2.6 source at run time', () => {
  it(
    'D111: a workflow over an AsyncAPI 2.6 source sends on the publish channel and takes its own reply from the subscribe channel, named by channelPath (aedes)',
    async () => {
      const service = await startResponder(broker.url, ['orders/+/placed']);
      await service.transport.subscribe('orders/+/placed', (message) => {
        const order = JSON.parse(new TextDecoder().decode(message.payload)) as { orderId: string };
        // Another order's confirmation first: the run must skip it by correlation id.
        void service.publishJson('orders/confirmed', { orderId: `not-${order.orderId}`, status: 'confirmed' }).then(() => service.publishJson('orders/confirmed', { orderId: order.orderId, status: 'confirmed' }));
      });
      try {
        const loaded = await loadFromFiles({ 'flow.arazzo.yaml': asyncHeader() + WORKFLOW, 'orders.asyncapi.yaml': ordersAsyncApi2(broker.url) });
        const { result, events } = await runRecorded(loaded, { inputs: { orderId: 'o-26' } });
        expect(result.error).toBeUndefined();
        expect(result.outputs).toEqual({ status: 'confirmed' });
        const sent = events.find((event) => event.type === 'message.send') as Extract<RunEvent, { type: 'message.send' }>;
        expect(sent).toMatchObject({ stepId: 'place', protocol: 'mqtt', channel: 'orders/eu/placed', payload: { orderId: 'o-26', item: 'tea' }, contentType: 'application/json' });
        const received = events.find((event) => event.type === 'message.receive') as Extract<RunEvent, { type: 'message.receive' }>;
        expect(received).toMatchObject({ stepId: 'confirm', channel: 'orders/confirmed', payload: { orderId: 'o-26', status: 'confirmed' } });
      } finally {
        await service.close();
      }
    },
    LOAD_TIMEOUT_MS,
  );
});
