/**
 * Shared pieces of the asynchronous step tests: an AsyncAPI 3.0 description of an order service
 * (send on `orders/{region}/placed`, receive on `orders/confirmed` with the correlation id in the
 * payload's `orderId`), an Arazzo 1.1 document header naming it, and a responder that plays the
 * service over a real broker.
 */
import { connectTransport, MessageInbox, type Transport, type TransportMessage } from '../../src/messaging/index.js';

/** The AsyncAPI document; `protocol` and `url` name the broker the tests start. */
export function ordersAsyncApi(url: string, protocol = 'mqtt', protocolVersion?: string): string {
  const parsed = new URL(url);
  return `asyncapi: 3.0.0
info: { title: orders, version: 1.0.0 }
defaultContentType: application/json
servers:
  broker:
    host: '${parsed.host}'
    protocol: ${protocol}${protocolVersion === undefined ? '' : `\n    protocolVersion: '${protocolVersion}'`}
channels:
  placed:
    address: 'orders/{region}/placed'
    parameters:
      region: {}
    messages:
      order:
        payload:
          type: object
          properties:
            orderId: { type: string }
            item: { type: string }
  confirmed:
    address: orders/confirmed
    messages:
      confirmation:
        correlationId:
          location: '$message.payload#/orderId'
        payload:
          type: object
          properties:
            orderId: { type: string }
            status: { type: string }
operations:
  placeOrder:
    action: send
    channel: { $ref: '#/channels/placed' }
  receiveConfirmation:
    action: receive
    channel: { $ref: '#/channels/confirmed' }
`;
}

/** An Arazzo 1.1 header with the `orders` AsyncAPI source (and an `api` OpenAPI source when asked). */
export function asyncHeader(withApi = false): string {
  return `arazzo: 1.1.0
info: { title: async test, version: 1.0.0 }
sourceDescriptions:
  - { name: orders, url: ./orders.asyncapi.yaml, type: asyncapi }${withApi ? '\n  - { name: api, url: ./api.openapi.yaml, type: openapi }' : ''}
`;
}

/** The place-and-confirm workflow: send the order, then receive its confirmation by correlation id. */
export const PLACE_AND_CONFIRM = `workflows:
  - workflowId: placeAndConfirm
    inputs:
      type: object
      properties:
        orderId: { type: string }
    steps:
      - stepId: place
        operationId: placeOrder
        action: send
        parameters:
          - { name: region, in: channel, value: eu }
        requestBody:
          payload:
            orderId: $inputs.orderId
            item: tea
      - stepId: confirm
        operationId: receiveConfirmation
        action: receive
        correlationId: $inputs.orderId
        timeout: 10000
        successCriteria:
          - condition: $message.payload#/status == 'confirmed'
        outputs:
          status: $message.payload#/status
          orderId: $message.payload#/orderId
    outputs:
      status: $steps.confirm.outputs.status
`;

/** A test-side client of the broker: it sees what Loom sends and publishes what the service would. */
export interface Responder {
  readonly transport: Transport;
  readonly inbox: MessageInbox;
  publishJson(channel: string, value: unknown): Promise<void>;
  take(channel: string, timeoutMs?: number): Promise<{ message: TransportMessage; json: unknown }>;
  close(): Promise<void>;
}

export async function startResponder(url: string, channels: readonly string[]): Promise<Responder> {
  const transport = await connectTransport({ url: new URL(url), connectTimeoutMs: 30_000 });
  const inbox = await MessageInbox.open(transport, channels);
  return {
    transport,
    inbox,
    publishJson: (channel, value) => transport.publish({ channel, headers: {}, payload: new TextEncoder().encode(JSON.stringify(value)) }),
    take: async (channel, timeoutMs = 10_000) => {
      const message = await inbox.take(channel, () => true, timeoutMs);
      return { message, json: JSON.parse(new TextDecoder().decode(message.payload)) as unknown };
    },
    close: async () => {
      await inbox.close();
      await transport.close();
    },
  };
}
