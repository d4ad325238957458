import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isLoomError, loadDocument, run, type LoadedDocument, type ResponseEvent, type RunEvent } from '../../packages/engine/src/index.js';
import { startSimulator, type Simulator } from '../../examples/amberflo/simulator/index.mjs';
import { runLoomInProcess } from '../support/fake-context.js';
import { exampleInputs, parseJsonReport, receivedRequests, runWorkflow, serversOf, workflowFile, workflowId } from './amberflo-fixture.js';

/**
 * How the reference workflow fails: for each way, the exit code, the failed step and the
 * reason in `loom run --json`, and what the simulator received.
 */
let simulator: Simulator;
let loaded: LoadedDocument;
let scratch: string;

beforeAll(async () => {
  simulator = await startSimulator();
  loaded = await loadDocument(workflowFile);
  scratch = mkdtempSync(join(tmpdir(), 'loom-amberflo-'));
});
afterAll(async () => {
  await simulator.close();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  simulator.reset();
});

/** Runs through the engine API and keeps the bodies the simulator answered, by stepId. */
async function runCollectingResponses(inputs: Record<string, unknown>) {
  const responses = new Map<string, ResponseEvent>();
  const result = await run(loaded, {
    inputs,
    servers: serversOf(simulator.url),
    onEvent: (event: RunEvent) => {
      if (event.type === 'response') responses.set(event.stepId, event);
    },
  });
  return { result, responses };
}

describe('wrong API key', () => {
  it('createMeter fails with 401, exit 1, and nothing else is sent', async () => {
    const result = await runWorkflow(simulator.url, ['--json', '--input', 'apiKey=not-the-simulator-key']);
    expect(result.code, result.stderr).toBe(1);
    const report = parseJsonReport(result.stdout);
    expect(report.status).toBe('failure');
    expect(report.outputs).toEqual({});
    expect(report.steps).toHaveLength(1);
    expect(report.steps[0]).toMatchObject({ stepId: 'createMeter', status: 'failure', attempts: 1, statusCode: 401 });
    expect(report.steps[0]!.reason).toMatch(/\$statusCode == 200.*401/);
    expect(report.error).toEqual({ message: expect.stringContaining('createMeter') as string, stepId: 'createMeter' });
    expect(report.error!.message).toContain(report.steps[0]!.reason!);

    expect(receivedRequests(simulator).map(({ method, path, status }) => ({ method, path, status }))).toEqual([
      { method: 'POST', path: '/meter-definition', status: 401 },
    ]);
    expect(simulator.state.meters.size).toBe(0);
  });
});

describe('a meter type outside the enum', () => {
  // The workflow's inputs schema only says `type: string`, so Loom sends it; the
  // simulator's validation against the OpenAPI enum answers 400.
  it('createMeter fails with 400, exit 1, and nothing else is sent', async () => {
    const result = await runWorkflow(simulator.url, ['--json', '--input', 'type=SUM_OF_SOME_USAGE']);
    expect(result.code, result.stderr).toBe(1);
    const report = parseJsonReport(result.stdout);
    expect(report.steps).toHaveLength(1);
    expect(report.steps[0]).toMatchObject({ stepId: 'createMeter', status: 'failure', statusCode: 400 });
    expect(report.steps[0]!.reason).toMatch(/\$statusCode == 200.*400/);
    expect(report.error?.stepId).toBe('createMeter');
    expect(receivedRequests(simulator)).toMatchObject([{ path: '/meter-definition', body: { type: 'SUM_OF_SOME_USAGE' }, status: 400 }]);
    expect(simulator.state.meters.size).toBe(0);
  });

  it('engine API: the 400 is the simulator validation error naming /type and the enum', async () => {
    const { result, responses } = await runCollectingResponses({ ...exampleInputs(), type: 'SUM_OF_SOME_USAGE' });
    expect(result.status).toBe('failure');
    expect(result.error?.stepId).toBe('createMeter');
    expect(responses.get('createMeter')).toMatchObject({
      statusCode: 400,
      body: { code: 'VALIDATION_ERROR', details: [expect.stringMatching(/\/type: must be one of SUM_OF_ALL_USAGE, MAX_IN_PERIOD, UNIQUE_CUSTOMERS_COUNT/)] },
    });
    expect([...responses.keys()]).toEqual(['createMeter']);
  });
});

describe('an existing customer', () => {
  async function createExistingCustomer(): Promise<void> {
    const inputs = exampleInputs();
    const response = await fetch(`${simulator.url}/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': simulator.apiKey },
      body: JSON.stringify({ customerId: inputs.customerId, customerName: 'Acme (already here)' }),
    });
    expect(response.status).toBe(200);
    simulator.requests.length = 0;
  }

  it('D10: createMeter succeeds, createCustomer fails with 400, exit 1; only the meter output is set; assignPlan and ingest are not sent', async () => {
    await createExistingCustomer();
    const result = await runWorkflow(simulator.url, ['--json']);
    expect(result.code, result.stderr).toBe(1);
    const report = parseJsonReport(result.stdout);
    expect(report.status).toBe('failure');
    expect(report.steps.map(({ stepId, status, statusCode }) => ({ stepId, status, statusCode }))).toEqual([
      { stepId: 'createMeter', status: 'success', statusCode: 200 },
      { stepId: 'createCustomer', status: 'failure', statusCode: 400 },
    ]);
    expect(report.steps[1]!.reason).toMatch(/\$statusCode == 200.*400/);
    expect(report.error?.stepId).toBe('createCustomer');
    // DECISIONS D10: outputs are evaluated from what ran; the ones that cannot be resolved are left out.
    expect(report.outputs).toEqual({ meterApiName: exampleInputs().meterApiName });

    expect(receivedRequests(simulator).map(({ path, status }) => ({ path, status }))).toEqual([
      { path: '/meter-definition', status: 200 },
      { path: '/customers', status: 400 },
    ]);
    // The existing customer is untouched.
    expect(simulator.state.customers.get(exampleInputs().customerId)?.customerName).toBe('Acme (already here)');
    expect(simulator.state.assignments).toEqual([]);
    expect(simulator.state.events).toEqual([]);
  });

  it('engine API: the 400 is ALREADY_EXISTS (FACTS.md: an existing customerId answers 400)', async () => {
    await createExistingCustomer();
    const { result, responses } = await runCollectingResponses(exampleInputs());
    expect(result.status).toBe('failure');
    expect(result.steps.map((step) => [step.stepId, step.status])).toEqual([
      ['createMeter', 'success'],
      ['createCustomer', 'failure'],
    ]);
    expect(responses.get('createCustomer')).toMatchObject({ statusCode: 400, body: { code: 'ALREADY_EXISTS' } });
  });
});

describe('the simulator is down', () => {
  it('connection refused: createMeter fails with a clear transport error, no status code, exit 1', async () => {
    const gone = await startSimulator();
    const url = gone.url;
    await gone.close();
    const result = await runWorkflow(url, ['--json']);
    expect(result.code, result.stderr).toBe(1);
    const report = parseJsonReport(result.stdout);
    expect(report.steps).toHaveLength(1);
    expect(report.steps[0]).toMatchObject({ stepId: 'createMeter', status: 'failure', attempts: 1, statusCode: null });
    const hostAndPort = new URL(url).host;
    expect(report.steps[0]!.reason).toBe(`connection refused by ${hostAndPort}`);
    expect(report.error).toEqual({ message: `step createMeter failed: connection refused by ${hostAndPort}`, stepId: 'createMeter' });
    // A transport failure is reported, not thrown: no stack trace on stderr.
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('engine API: the run resolves with a failure result rather than throwing', async () => {
    const gone = await startSimulator();
    const url = gone.url;
    await gone.close();
    const result = await run(loaded, { inputs: exampleInputs(), servers: serversOf(url) });
    expect(result.status).toBe('failure');
    expect(result.steps).toMatchObject([{ stepId: 'createMeter', status: 'failure' }]);
    expect(result.steps[0]?.statusCode).toBeUndefined();
    expect(result.error?.message).toMatch(/connection refused/);
  });
});

describe('missing required inputs', () => {
  it('exit 2, stderr names each missing input, stdout is empty and nothing is sent', async () => {
    const { productId: _productId, meterValue: _meterValue, ...partial } = exampleInputs();
    const file = join(scratch, 'partial-inputs.json');
    writeFileSync(file, JSON.stringify(partial));
    const result = await runLoomInProcess([
      'run',
      workflowFile,
      '--inputs',
      file,
      '--server',
      `meteringApi=${simulator.url}`,
      '--server',
      `billingApi=${simulator.url}`,
      '--json',
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/\bproductId\b/);
    expect(result.stderr).toMatch(/\bmeterValue\b/);
    // Only the two missing inputs are named: the ones given are not.
    for (const given of ['apiKey', 'meterApiName', 'displayName', 'customerId', 'customerName', 'meterTimeInMillis']) {
      expect(result.stderr).not.toMatch(new RegExp(`\\b${given}\\b`));
    }
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(simulator.requests).toEqual([]);
  });

  it('engine API: run() throws LOOM_ERR_INPUTS naming the missing input, before any request', async () => {
    const { apiKey: _apiKey, ...partial } = exampleInputs();
    const error = await run(loaded, { workflowId, inputs: partial, servers: serversOf(simulator.url) }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(isLoomError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'LOOM_ERR_INPUTS' });
    expect((error as Error).message).toMatch(/\bapiKey\b/);
    expect(simulator.requests).toEqual([]);
  });
});
