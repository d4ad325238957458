import { describe, expect, it } from 'vitest';
import { isLoomError, run } from '@loom/engine';
import { HEADER, loadFlow, runRecorded, scriptedServer } from './harness.js';

const PATHS = `  /echo:
    post:
      operationId: echo
      requestBody: { content: { application/json: {} } }
      responses: { '200': { description: ok } }
`;

const FLOW = `${HEADER}workflows:
  - workflowId: w
    inputs:
      $ref: '#/components/inputs/order'
    steps:
      - stepId: send
        operationId: echo
        requestBody:
          payload: { qty: $inputs.qty, tier: $inputs.tier, customer: $inputs.customer }
components:
  inputs:
    order:
      type: object
      required: [qty, customer]
      properties:
        qty: { type: integer, minimum: 1 }
        tier: { type: string, enum: [free, pro], default: free }
        customer: { $ref: '#/components/inputs/customer' }
    customer:
      type: object
      required: [email]
      properties: { email: { type: string, format: email } }
`;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the run to be rejected');
}

describe('inputs (JSON Schema 2020-12, DECISIONS D14)', () => {
  it('D14: defaults are applied before validation; $components.inputs references are followed', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(FLOW, server.url, PATHS);
    const inputs = { qty: 2, customer: { email: 'a@b.io' } };
    const { result, events } = await runRecorded(loaded, { inputs });
    expect(result.status).toBe('success');
    expect(JSON.parse(server.received[0]!.body.toString())).toEqual({ qty: 2, tier: 'free', customer: { email: 'a@b.io' } });
    expect(events[0]).toMatchObject({ type: 'run.start', inputs: { qty: 2, tier: 'free' } });
    // The caller's object is not changed.
    expect(inputs).toEqual({ qty: 2, customer: { email: 'a@b.io' } });
  });

  it('D14: inputs that fail the schema stop the run before any request, naming each input', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(FLOW, server.url, PATHS);
    const error = await rejection(run(loaded, { inputs: { qty: 0, tier: 'gold', customer: { email: 'nope' } } }));
    expect(isLoomError(error) && error.code).toBe('LOOM_ERR_INPUTS');
    const message = (error as Error).message;
    expect(message).toMatch(/input qty must be >= 1/);
    expect(message).toMatch(/input tier must be one of "free", "pro"/);
    expect(message).toMatch(/input customer\.email must match format "email"/);
    const missing = await rejection(run(loaded, { inputs: { qty: 1 } }));
    expect((missing as Error).message).toMatch(/input customer is required/);
    expect(server.received).toHaveLength(0);
  });

  it('an unknown workflowId, or none with several workflows, is a usage error', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(FLOW, server.url, PATHS);
    const error = await rejection(run(loaded, { workflowId: 'nope' }));
    expect(isLoomError(error) && error.code).toBe('LOOM_ERR_USAGE');
    expect((error as Error).message).toMatch(/no workflow 'nope' in the document; it has: w/);
  });
});
