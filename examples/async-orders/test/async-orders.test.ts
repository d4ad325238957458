/**
 * The async-orders example: `pnpm demo:async` runs it end to end with the built bundle, and 50 runs
 * of its workflow at once in one process each take exactly their own confirmation (DECISIONS D106).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDocument, run, type RunResult } from '@loom/engine';
import { startBroker, startOrderService, type Broker, type OrderService } from '../service/index.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
// Loading the AsyncAPI parser and 50 MQTT connections take seconds on a loaded machine.
const TIMEOUT_MS = 180_000;

describe('examples/async-orders', () => {
  it(
    'pnpm demo:async runs the workflow offline over HTTP and MQTT and succeeds',
    async () => {
      const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [here('../demo.mjs')], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.on('close', (exit) => resolve({ code: exit, stdout }));
      });
      expect(stdout).toMatch(/✔ payOrder {2}send orders\/payments \(mqtt\)/);
      expect(stdout).toMatch(/✔ awaitConfirmation {2}receive orders\/confirmations \(mqtt\)/);
      expect(stdout).toContain('status: "confirmed"');
      expect(stdout).toContain('✔ placeAndConfirmOrder succeeded: 4 steps');
      expect(code).toBe(0);
    },
    TIMEOUT_MS,
  );

  describe('50 concurrent runs in one process', () => {
    let broker: Broker;
    let service: OrderService;
    beforeAll(async () => {
      broker = await startBroker();
      // Confirmations come late enough that many runs wait at once, and in an order unrelated to the runs'.
      service = await startOrderService({ brokerUrl: broker.url, confirmDelayMs: 200 });
    });
    afterAll(async () => {
      await service?.close();
      await broker?.close();
    });

    it(
      'D106: each run gets exactly its own confirmation',
      async () => {
        const loaded = await loadDocument(here('../arazzo/place-and-confirm-order.arazzo.yaml'));
        expect(loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
        const runs = Array.from({ length: 50 }, (_, index) =>
          run(loaded, { inputs: { item: `item-${index}`, quantity: index + 1 }, servers: { ordersApi: service.url, orderEvents: broker.url } }),
        );
        const results: RunResult[] = await Promise.all(runs);
        for (const result of results) expect(result.error).toBeUndefined();
        const orderIds = results.map((result) => result.outputs['orderId'] as string);
        expect(new Set(orderIds).size).toBe(50);
        results.forEach((result, index) => {
          const order = service.orders.get(orderIds[index]!)!;
          // The run's own order, placed with its own inputs, confirmed by its own confirmation.
          expect(order).toMatchObject({ item: `item-${index}`, quantity: index + 1, status: 'confirmed' });
          expect(result.outputs).toEqual({ orderId: order.orderId, confirmedOrderId: order.orderId, confirmationId: order.confirmationId, status: 'confirmed' });
        });
      },
      TIMEOUT_MS,
    );
  });
});
