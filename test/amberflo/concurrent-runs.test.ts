import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDocument, run } from '../../packages/engine/src/index.js';
import { startSimulator, type Simulator } from '../../examples/amberflo/simulator/index.mjs';
import { exampleInputs, serversOf, workflowFile } from './amberflo-fixture.js';

/**
 * One loaded document, 200 runs at once through the engine API against one simulator,
 * each with its own meter and customer: runs share nothing (RunState is per run), so
 * every one succeeds and the simulator ends with exactly 200 of each.
 */
const RUNS = 200;
let simulator: Simulator;

beforeAll(async () => {
  // Recording 800 requests is not needed here; the state is what is checked.
  simulator = await startSimulator({ recordRequests: false });
});
afterAll(async () => {
  await simulator.close();
});

describe('200 concurrent runs of the reference workflow', () => {
  it('all succeed with their own outputs; the simulator holds 200 meters, 200 customers, 200 assignments and 200 events', async () => {
    const loaded = await loadDocument(workflowFile);
    const base = exampleInputs();
    const inputsOf = (index: number) => ({
      ...base,
      meterApiName: `api-calls-${index}`,
      customerId: `customer-${index}`,
      customerName: `Customer ${index}`,
      meterValue: index + 1,
      // Every other run gives the optional email (DECISIONS D14), so both body shapes run at once.
      ...(index % 2 === 0 ? { customerEmail: `c${index}@example.test` } : {}),
    });

    const started = performance.now();
    const results = await Promise.all(Array.from({ length: RUNS }, (_, index) => run(loaded, { inputs: inputsOf(index), servers: serversOf(simulator.url) })));
    const elapsedMs = performance.now() - started;
    console.log(`amberflo: ${RUNS} concurrent runs (${RUNS * 4} requests) in ${elapsedMs.toFixed(0)} ms`);

    const failures = results.filter((result) => result.status !== 'success');
    expect(failures.map((result) => result.error?.message)).toEqual([]);
    for (const [index, result] of results.entries()) {
      expect(result.outputs).toEqual({ meterApiName: `api-calls-${index}`, customerId: `customer-${index}`, assignedProductId: base.productId, ingestResult: 'OK' });
      expect(result.steps.map((step) => step.statusCode)).toEqual([200, 200, 200, 200]);
    }

    const { state } = simulator;
    expect(state.meters.size).toBe(RUNS);
    expect(state.customers.size).toBe(RUNS);
    expect(state.assignments).toHaveLength(RUNS);
    expect(state.events).toHaveLength(RUNS);
    for (let index = 0; index < RUNS; index++) {
      expect(state.meters.has(`api-calls-${index}`)).toBe(true);
      const customer = state.customers.get(`customer-${index}`);
      expect(customer?.customerName).toBe(`Customer ${index}`);
      expect(customer?.customerEmail).toBe(index % 2 === 0 ? `c${index}@example.test` : undefined);
    }
    // Each event landed against its own run's meter and customer, with its own value.
    const eventsByCustomer = new Map(state.events.map((event) => [event.customerId, event]));
    expect(eventsByCustomer.size).toBe(RUNS);
    for (let index = 0; index < RUNS; index++) {
      expect(eventsByCustomer.get(`customer-${index}`)).toMatchObject({ meterApiName: `api-calls-${index}`, meterValue: index + 1 });
    }
    // A wall-clock bound has to stay: runs that waited on each other (a shared lock, a serial
    // queue) still give the right answers. 800 requests to a local server; generous for a loaded machine.
    expect(elapsedMs).toBeLessThan(15_000);
  });
});
