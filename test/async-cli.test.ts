/**
 * `loom run` of an asynchronous workflow (the async-orders example, against its service and an
 * embedded MQTT broker): message lines in the step list and --verbose, the --json contract's
 * message field, --dry-run showing the message a send would publish, and the broker password
 * masked everywhere (DECISIONS D21, D31, D105).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoomInProcess } from './support/fake-context.js';
import { startBroker, startOrderService, type Broker, type OrderService } from '../examples/async-orders/service/index.mjs';

const workflow = fileURLToPath(new URL('../examples/async-orders/arazzo/place-and-confirm-order.arazzo.yaml', import.meta.url));
const PASSWORD = 'br0ker-pa55word';
// The AsyncAPI parser builds its ruleset on first use; on a loaded machine that takes seconds.
const TIMEOUT_MS = 120_000;

let broker: Broker;
let service: OrderService;
beforeAll(async () => {
  broker = await startBroker();
  service = await startOrderService({ brokerUrl: broker.url });
});
afterAll(async () => {
  await service?.close();
  await broker?.close();
});

const args = () => [
  'run', workflow, '--input', 'item=tea', '--input', 'quantity=2',
  '--server', `ordersApi=${service.url}`,
  // aedes here accepts any credentials: the user info is sent, and must never be shown.
  '--server', `orderEvents=${broker.url.replace('mqtt://', `mqtt://loom:${PASSWORD}@`)}`,
];

describe('loom run with asynchronous steps', () => {
  it(
    'D105: --verbose shows each message sent and received; the broker password never shows',
    async () => {
      const { code, stdout, stderr } = await runLoomInProcess([...args(), '--verbose']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const shown = broker.url.replace('mqtt://', 'mqtt://****@');
      expect(stdout).toContain(`> SEND ${shown} orders/payments (`);
      expect(stdout).toMatch(/> \{"orderId":"[0-9a-f-]{36}","amount":5\}/);
      expect(stdout).toContain(`< RECEIVE ${shown} orders/confirmations (`);
      expect(stdout).toMatch(/✔ payOrder {2}send orders\/payments \(mqtt\)/);
      expect(stdout).toMatch(/✔ awaitConfirmation {2}receive orders\/confirmations \(mqtt\)/);
      expect(stdout).not.toContain(PASSWORD);
    },
    TIMEOUT_MS,
  );

  it(
    '--json: each asynchronous step has its message action and channel',
    async () => {
      const { code, stdout } = await runLoomInProcess([...args(), '--json']);
      expect(code).toBe(0);
      const report = JSON.parse(stdout) as { status: string; steps: { stepId: string; statusCode: number | null; message?: unknown }[] };
      expect(report.status).toBe('success');
      expect(report.steps.map((step) => [step.stepId, step.statusCode, step.message])).toEqual([
        ['placeOrder', 202, undefined],
        ['payOrder', null, { action: 'send', channel: 'orders/payments' }],
        ['awaitConfirmation', null, { action: 'receive', channel: 'orders/confirmations' }],
        ['fetchOrder', 200, undefined],
      ]);
      expect(stdout).not.toContain(PASSWORD);
    },
    TIMEOUT_MS,
  );

  it(
    '--dry-run shows the message a send would publish and the channel a receive waits on, and connects to nothing',
    async () => {
      const { code, stdout } = await runLoomInProcess([...args(), '--dry-run']);
      expect(code).toBe(0);
      const shown = broker.url.replace('mqtt://', 'mqtt://****@');
      expect(stdout).toContain(`payOrder  SEND ${shown}#orders/payments`);
      expect(stdout).toContain('{"orderId":"{$steps.placeOrder.outputs.orderId}","amount":"{$steps.placeOrder.outputs.amount}"}');
      expect(stdout).toContain(`awaitConfirmation  RECEIVE ${shown}#orders/confirmations`);
      expect(stdout).not.toContain(PASSWORD);
    },
    TIMEOUT_MS,
  );
});
