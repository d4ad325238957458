/**
 * A receive whose channel address comes from an earlier step's response (DECISIONS D112): the run subscribes
 * when it starts with the protocol's single-level wildcard in place of the unknown parameter, so a reply
 * published before the receive step starts is kept; at the receive step only a message on the now-known
 * address is taken. Real brokers on free ports: mosquitto (MQTT), nats-server and rabbitmq-server (AMQP 0-9-1).
 *
 * Deterministic order: the service replies as soon as the order is sent, and the HTTP step between the send and
 * the receive is answered only after the broker has accepted both replies (another ticket's first, then this
 * one's), so both are published before the receive step starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '@loom/engine';
import { startMosquitto } from '../../../../test/support/services/mosquitto.js';
import { startNatsServer } from '../../../../test/support/services/nats.js';
import { startRabbitMq } from '../../../../test/support/services/rabbitmq.js';
import { asyncHeader, startResponder } from './async-workspace.js';
import { runRecorded, scriptedServer } from './harness.js';
import { loadFromFiles, openapi } from './workspace.js';

// Starting rabbitmq-server and loading the AsyncAPI parser take seconds each on a loaded machine.
const TIMEOUT_MS = 180_000;
/** How long the HTTP step waits for the service's replies at most: a bound so that a broken service fails the test rather than hanging it. */
const HOLD_LIMIT_MS = 30_000;

interface Broker {
  readonly name: string;
  readonly protocol: string;
  /** What separates the levels of an address on this protocol. */
  readonly separator: string;
  start(): Promise<void>;
  url(): string;
  stop(): Promise<void>;
}

const brokers: Broker[] = [
  { name: 'mosquitto (mqtt)', protocol: 'mqtt', separator: '/', ...lazy(startMosquitto) },
  { name: 'nats-server', protocol: 'nats', separator: '.', ...lazy(startNatsServer) },
  { name: 'rabbitmq-server (amqp 0-9-1)', protocol: 'amqp', separator: '.', ...lazy(startRabbitMq) },
];

function lazy(start: () => Promise<{ url: string; stop(): Promise<void> }>) {
  let started: { url: string; stop(): Promise<void> } | undefined;
  return {
    start: async () => {
      started = await start();
    },
    url: () => started!.url,
    stop: async () => started?.stop(),
  };
}

/** Orders go out on `kitchen<sep>orders`; each ticket's confirmation comes back on `orders<sep>{ticket}<sep>confirmed`. */
function ticketsAsyncApi(url: string, protocol: string, separator: string): string {
  const parsed = new URL(url);
  return `asyncapi: 3.0.0
info: { title: tickets, version: 1.0.0 }
defaultContentType: application/json
servers:
  broker:
    host: '${parsed.host}'
    protocol: ${protocol}
channels:
  orders:
    address: 'kitchen${separator}orders'
    messages:
      order:
        payload: { type: object }
  confirmed:
    address: 'orders${separator}{ticket}${separator}confirmed'
    parameters:
      ticket: {}
    messages:
      confirmation:
        correlationId:
          location: '$message.payload#/orderId'
        payload: { type: object }
operations:
  placeOrder:
    action: send
    channel: { $ref: '#/channels/orders' }
  receiveConfirmation:
    action: receive
    channel: { $ref: '#/channels/confirmed' }
`;
}

const API_PATHS = `  /tickets:
    post:
      operationId: openTicket
      responses:
        '201': { description: a ticket }
  /hold:
    get:
      operationId: hold
      responses:
        '200': { description: held until the replies were published }
`;

const WORKFLOW = `workflows:
  - workflowId: ticketed
    inputs:
      type: object
      properties:
        orderId: { type: string }
    steps:
      - stepId: ticket
        operationId: $sourceDescriptions.api.openTicket
        successCriteria:
          - condition: $statusCode == 201
        outputs:
          ticket: $response.body#/ticket
      - stepId: place
        operationId: placeOrder
        action: send
        requestBody:
          payload:
            orderId: $inputs.orderId
            ticket: $steps.ticket.outputs.ticket
      - stepId: hold
        operationId: $sourceDescriptions.api.hold
        successCriteria:
          - condition: $statusCode == 200
      - stepId: confirm
        operationId: receiveConfirmation
        action: receive
        parameters:
          - { name: ticket, in: channel, value: $steps.ticket.outputs.ticket }
        correlationId: $inputs.orderId
        timeout: 5000
        outputs:
          status: $message.payload#/status
    outputs:
      status: $steps.confirm.outputs.status
`;

describe.each(brokers)('early subscription of a channel whose address a step settles, over $name', (broker) => {
  beforeAll(() => broker.start(), TIMEOUT_MS);
  afterAll(() => broker.stop(), TIMEOUT_MS);

  it(
    "D112: a reply published before its receive step starts, on an address from step 1's response, is taken; another ticket's reply with the same correlation id is not",
    async () => {
      const { separator } = broker;
      const service = await startResponder(broker.url(), [`kitchen${separator}orders`]);
      let repliesPublished!: () => void;
      const published = new Promise<void>((resolve) => (repliesPublished = resolve));
      await service.transport.subscribe(`kitchen${separator}orders`, (message) => {
        const order = JSON.parse(new TextDecoder().decode(message.payload)) as { orderId: string; ticket: string };
        void (async () => {
          // Another run's ticket first, with the same order id: only the address tells them apart.
          await service.publishJson(`orders${separator}T-other${separator}confirmed`, { orderId: order.orderId, status: 'not this ticket' });
          await service.publishJson(`orders${separator}${order.ticket}${separator}confirmed`, { orderId: order.orderId, status: 'confirmed' });
          repliesPublished();
        })();
      });
      const http = await scriptedServer((request, _index, response) => {
        if (request.url === '/tickets') return { status: 201, body: { ticket: 'T-7' } };
        const limit = new Promise((resolve) => setTimeout(resolve, HOLD_LIMIT_MS));
        void Promise.race([published, limit]).then(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
        return undefined;
      });
      try {
        const loaded = await loadFromFiles({
          'flow.arazzo.yaml': asyncHeader(true) + WORKFLOW,
          'orders.asyncapi.yaml': ticketsAsyncApi(broker.url(), broker.protocol, separator),
          'api.openapi.yaml': openapi(http.url, API_PATHS),
        });
        const { result, events } = await runRecorded(loaded, { inputs: { orderId: 'o-early' } });
        expect(result.error).toBeUndefined();
        expect(result.outputs).toEqual({ status: 'confirmed' });
        const received = events.find((event) => event.type === 'message.receive') as Extract<RunEvent, { type: 'message.receive' }>;
        expect(received).toMatchObject({ stepId: 'confirm', channel: `orders${separator}T-7${separator}confirmed`, payload: { orderId: 'o-early', status: 'confirmed' } });
        // The reply was there before the receive step started: it waited for nothing.
        const holdEnd = events.findIndex((event) => event.type === 'step.end' && event.stepId === 'hold');
        expect(holdEnd).toBeGreaterThan(-1);
        expect(events.findIndex((event) => event.type === 'step.start' && event.stepId === 'confirm')).toBeGreaterThan(holdEnd);
      } finally {
        await service.close();
      }
    },
    TIMEOUT_MS,
  );
});
