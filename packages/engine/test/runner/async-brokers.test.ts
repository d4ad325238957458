/**
 * The place-and-confirm workflow over every broker Loom speaks, each a real server on a free port:
 * mosquitto (MQTT 5, with a message header), nats-server, rabbitmq-server (AMQP 0-9-1) and a `ws`
 * server. On each: two interleaved runs each take their own reply, and a broker restarted while a
 * receive waits ends the run (completed or failed cleanly), never a hang (DECISIONS D27, D69, D105, D106).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto } from '../../../../test/support/services/mosquitto.js';
import { startNatsServer } from '../../../../test/support/services/nats.js';
import { startRabbitMq } from '../../../../test/support/services/rabbitmq.js';
import { startWsServer } from '../../../../test/support/services/ws-server.js';
import { runRecorded } from './harness.js';
import { loadFromFiles } from './workspace.js';
import { asyncHeader, ordersAsyncApi, PLACE_AND_CONFIRM, startResponder, type Responder } from './async-workspace.js';

// Starting rabbitmq-server and loading the AsyncAPI parser take seconds each on a loaded machine.
const TIMEOUT_MS = 180_000;

interface Broker {
  readonly name: string;
  readonly protocol: string;
  readonly protocolVersion?: string;
  url(): string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const brokers: Broker[] = [
  { name: 'mosquitto (mqtt 5)', protocol: 'mqtt', protocolVersion: '5', ...lazy(startMosquitto) },
  { name: 'nats-server', protocol: 'nats', ...lazy(startNatsServer) },
  { name: 'rabbitmq-server (amqp 0-9-1)', protocol: 'amqp', ...lazy(startRabbitMq) },
  { name: 'a ws server', protocol: 'ws', ...lazy(async () => { const server = await startWsServer(); return { url: server.url, restart: async () => server.dropAll(), stop: () => server.close() }; }) },
];

/** A broker started in beforeAll, its URL and controls read after. */
function lazy(start: () => Promise<{ url: string; restart(): Promise<void>; stop(): Promise<void> }>) {
  let started: { url: string; restart(): Promise<void>; stop(): Promise<void> } | undefined;
  return {
    start: async () => {
      started = await start();
    },
    url: () => started!.url,
    restart: () => started!.restart(),
    stop: async () => started?.stop(),
  };
}

describe.each(brokers)('asynchronous steps over $name', (broker) => {
  beforeAll(async () => {
    await (broker as unknown as { start(): Promise<void> }).start();
  }, TIMEOUT_MS);
  afterAll(async () => {
    await broker.stop();
  }, TIMEOUT_MS);

  const load = (workflow = PLACE_AND_CONFIRM) =>
    loadFromFiles({ 'flow.arazzo.yaml': asyncHeader() + workflow, 'orders.asyncapi.yaml': ordersAsyncApi(broker.url(), broker.protocol, broker.protocolVersion) });

  it(
    'D106: two interleaved runs each take their own reply (the second order is confirmed first)',
    async () => {
      const responder = await startResponder(broker.url(), ['orders/eu/placed']);
      const seen: string[] = [];
      await responder.transport.subscribe('orders/eu/placed', (message) => {
        seen.push((JSON.parse(new TextDecoder().decode(message.payload)) as { orderId: string }).orderId);
        if (seen.length === 2) void responder.publishJson('orders/confirmed', { orderId: seen[1], status: 'confirmed' }).then(() => responder.publishJson('orders/confirmed', { orderId: seen[0], status: 'confirmed' }));
      });
      try {
        const loaded = await load(PLACE_AND_CONFIRM.replace('      status: $steps.confirm.outputs.status\n', '      status: $steps.confirm.outputs.status\n      orderId: $steps.confirm.outputs.orderId\n'));
        const [a, b] = await Promise.all([runRecorded(loaded, { inputs: { orderId: 'x-a' } }), runRecorded(loaded, { inputs: { orderId: 'x-b' } })]);
        expect(a.result.error).toBeUndefined();
        expect(a.result.outputs).toEqual({ status: 'confirmed', orderId: 'x-a' });
        expect(b.result.outputs).toEqual({ status: 'confirmed', orderId: 'x-b' });
      } finally {
        await responder.close();
      }
    },
    TIMEOUT_MS,
  );

  it(
    'D69: a broker restarted while a receive waits ends the run, completed or failed cleanly, never a hang',
    async () => {
      const loaded = await load(PLACE_AND_CONFIRM.replace('timeout: 10000', 'timeout: 20000'));
      const started = Date.now();
      const running = runRecorded(loaded, { inputs: { orderId: 'x-r' } });
      // Let the send go out and the receive start waiting, then restart the broker.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await broker.restart();
      let responder: Responder | undefined;
      try {
        responder = await startResponder(broker.url(), []);
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        await responder.publishJson('orders/confirmed', { orderId: 'x-r', status: 'confirmed' });
      } catch {
        // The reply could not be sent: the run must still end.
      }
      const { result } = await running;
      await responder?.close();
      if (result.status === 'failure') expect(result.error?.message).toMatch(/^step confirm failed: /);
      else expect(result.outputs).toEqual({ status: 'confirmed' });
      // Bound: the receive timeout (20 s) plus slack for a loaded machine; a hang would hit the test timeout instead.
      expect(Date.now() - started).toBeLessThan(90_000);
    },
    TIMEOUT_MS,
  );
});

describe('message headers', () => {
  let mosquitto: Awaited<ReturnType<typeof startMosquitto>>;
  beforeAll(async () => {
    mosquitto = await startMosquitto();
  }, TIMEOUT_MS);
  afterAll(async () => {
    await mosquitto?.stop();
  });

  it(
    'D104: header parameters become message headers (MQTT 5 user properties); $message.header reads a received one',
    async () => {
      const { connectTransport, MessageInbox } = await import('../../src/messaging/index.js');
      const service = await connectTransport({ url: new URL(mosquitto.url), protocolVersion: '5', connectTimeoutMs: 30_000 });
      const inbox = await MessageInbox.open(service, ['orders/eu/placed']);
      const workflow = PLACE_AND_CONFIRM.replace(
        '          - { name: region, in: channel, value: eu }',
        '          - { name: region, in: channel, value: eu }\n          - { name: traceId, in: header, value: trace-7 }',
      ).replace('          orderId: $message.payload#/orderId', '          orderId: $message.payload#/orderId\n          replyTrace: $message.header.traceId');
      try {
        const loaded = await loadFromFiles({ 'flow.arazzo.yaml': asyncHeader() + workflow, 'orders.asyncapi.yaml': ordersAsyncApi(mosquitto.url, 'mqtt', '5') });
        const running = runRecorded(loaded, { inputs: { orderId: 'h-1' } });
        const placed = await inbox.take('orders/eu/placed', () => true, 20_000);
        expect(placed.headers).toEqual({ traceId: 'trace-7' });
        expect(placed.contentType).toBe('application/json');
        await service.publish({ channel: 'orders/confirmed', headers: { traceId: placed.headers['traceId']! }, payload: new TextEncoder().encode(JSON.stringify({ orderId: 'h-1', status: 'confirmed' })), contentType: 'application/json' });
        const { result, events } = await running;
        expect(result.status).toBe('success');
        const confirm = events.find((event) => event.type === 'step.end' && event.stepId === 'confirm');
        expect(confirm).toMatchObject({ outputs: { status: 'confirmed', orderId: 'h-1', replyTrace: 'trace-7' } });
      } finally {
        await inbox.close();
        await service.close();
      }
    },
    TIMEOUT_MS,
  );
});
