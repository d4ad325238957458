import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDocument, run, type LoadedDocument } from '../../packages/engine/src/index.js';
import { startSimulator, type Simulator } from '../../examples/amberflo/simulator/index.mjs';
import { exampleInputs, parseJsonReport, receivedRequests, runWorkflow, serversOf, workflowFile, workflowId, type AmberfloInputs } from './amberflo-fixture.js';

/**
 * The reference workflow end to end against the Amberflo simulator: the four requests
 * exactly as the simulator received them, and the four workflow outputs.
 */
let simulator: Simulator;

beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(async () => {
  await simulator.close();
});
beforeEach(() => {
  simulator.reset();
});

/** The four requests the workflow must send for these inputs, in order. */
function expectedRequests(inputs: AmberfloInputs, customerEmail?: string) {
  const common = { method: 'POST', apiKey: inputs.apiKey, contentType: 'application/json', status: 200 };
  return [
    {
      ...common,
      path: '/meter-definition',
      body: { meterApiName: inputs.meterApiName, displayName: inputs.displayName, type: inputs.type, dimensions: [] },
    },
    {
      ...common,
      path: '/customers',
      // DECISIONS D14: customerEmail is a member only when the optional input is given.
      body: {
        customerId: inputs.customerId,
        customerName: inputs.customerName,
        ...(customerEmail !== undefined ? { customerEmail } : {}),
        lifecycleStage: 'ACTIVE',
      },
    },
    {
      ...common,
      path: '/payments/pricing/amberflo/customer-pricing',
      body: { customerId: inputs.customerId, productId: inputs.productId },
    },
    {
      ...common,
      path: '/ingest',
      body: { meterApiName: inputs.meterApiName, customerId: inputs.customerId, meterValue: inputs.meterValue, meterTimeInMillis: inputs.meterTimeInMillis },
    },
  ];
}

function expectedOutputs(inputs: AmberfloInputs) {
  return { meterApiName: inputs.meterApiName, customerId: inputs.customerId, assignedProductId: inputs.productId, ingestResult: 'OK' };
}

const STEP_IDS = ['createMeter', 'createCustomer', 'assignPlan', 'ingestFirstUsage'];

/** The simulator's state after one successful run: the meter, the customer, the plan, the event. */
function expectStateAfterOneRun(inputs: AmberfloInputs, customerEmail?: string): void {
  expect([...simulator.state.meters.keys()]).toEqual([inputs.meterApiName]);
  expect(simulator.state.meters.get(inputs.meterApiName)).toMatchObject({ type: inputs.type, displayName: inputs.displayName, dimensions: [] });
  const customer = simulator.state.customers.get(inputs.customerId);
  expect(customer).toMatchObject({ customerName: inputs.customerName, lifecycleStage: 'ACTIVE' });
  if (customerEmail === undefined) expect(customer).not.toHaveProperty('customerEmail');
  else expect(customer?.customerEmail).toBe(customerEmail);
  expect(simulator.state.assignments).toMatchObject([{ customerId: inputs.customerId, productId: inputs.productId }]);
  expect(simulator.state.events).toMatchObject([
    { meterApiName: inputs.meterApiName, customerId: inputs.customerId, meterValue: inputs.meterValue, meterTimeInMillis: inputs.meterTimeInMillis },
  ]);
}

describe('loom run --json, as a process', () => {
  it('D14: customerEmail not given is left out of the createCustomer body; four exact requests, four outputs, exit 0', async () => {
    const inputs = exampleInputs();
    expect(inputs).not.toHaveProperty('customerEmail');
    const result = await runWorkflow(simulator.url, ['--json']);
    expect(result.code, result.stderr).toBe(0);

    const report = parseJsonReport(result.stdout);
    expect(report.status).toBe('success');
    expect(report.outputs).toEqual(expectedOutputs(inputs));
    expect(report.steps.map(({ stepId, workflowId: id, status, attempts, statusCode }) => ({ stepId, workflowId: id, status, attempts, statusCode }))).toEqual(
      STEP_IDS.map((stepId) => ({ stepId, workflowId, status: 'success', attempts: 1, statusCode: 200 })),
    );

    expect(receivedRequests(simulator)).toEqual(expectedRequests(inputs));
    expectStateAfterOneRun(inputs);
  });

  it('D14: customerEmail given with --input is sent in the createCustomer body', async () => {
    const inputs = exampleInputs();
    const customerEmail = 'billing@acme.example';
    const result = await runWorkflow(simulator.url, ['--json', '--input', `customerEmail=${customerEmail}`]);
    expect(result.code, result.stderr).toBe(0);
    expect(parseJsonReport(result.stdout).outputs).toEqual(expectedOutputs(inputs));
    expect(receivedRequests(simulator)).toEqual(expectedRequests(inputs, customerEmail));
    expectStateAfterOneRun(inputs, customerEmail);
  });
});

describe('run() through the engine API', () => {
  let loaded: LoadedDocument;
  beforeAll(async () => {
    loaded = await loadDocument(workflowFile);
  });

  it('D14: without customerEmail: four exact requests, four outputs, four successful steps', async () => {
    const inputs = exampleInputs();
    const result = await run(loaded, { workflowId, inputs, servers: serversOf(simulator.url) });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('success');
    expect(result.workflowId).toBe(workflowId);
    expect(result.outputs).toEqual(expectedOutputs(inputs));
    expect(result.steps.map(({ stepId, status, attempts, statusCode, reason }) => ({ stepId, status, attempts, statusCode, reason }))).toEqual(
      STEP_IDS.map((stepId) => ({ stepId, status: 'success', attempts: 1, statusCode: 200, reason: undefined })),
    );
    expect(receivedRequests(simulator)).toEqual(expectedRequests(inputs));
    expectStateAfterOneRun(inputs);
  });

  it('D14: with customerEmail: the member is in the createCustomer body, the rest unchanged', async () => {
    const inputs = { ...exampleInputs(), meterApiName: 'api-calls-email', customerId: 'acme-email', customerEmail: 'ops@acme.example' };
    const result = await run(loaded, { inputs, servers: serversOf(simulator.url) });
    expect(result.status).toBe('success');
    expect(result.outputs).toEqual(expectedOutputs(inputs));
    expect(receivedRequests(simulator)).toEqual(expectedRequests(inputs, 'ops@acme.example'));
    expectStateAfterOneRun(inputs, 'ops@acme.example');
  });
});
