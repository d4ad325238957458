import { describe, expect, it } from 'vitest';
import { HEADER, loadFlow, scriptedServer } from './harness.js';
import { run } from '@loom/engine';

const PATHS = `  /accounts/{id}:
    get:
      operationId: getAccount
      parameters: [{ name: id, in: path, required: true, schema: { type: integer } }]
      responses: { '200': { description: ok } }
  /accounts/{id}/balance:
    get:
      operationId: getBalance
      parameters: [{ name: id, in: path, required: true, schema: { type: integer } }]
      responses: { '200': { description: ok } }
`;

describe('no global state: runs at once do not interfere', () => {
  it('50 concurrent runs of one document with distinct inputs each get their own data', async () => {
    // Responses come back in a shuffled order so that runs interleave.
    const server = await scriptedServer((request, index, response) => {
      const id = Number(/\/accounts\/(\d+)/.exec(request.url)![1]);
      const body = request.url.endsWith('/balance') ? { balance: id * 100 } : { id, owner: `owner-${id}` };
      setTimeout(() => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(body));
      }, (index * 7) % 13);
      return undefined;
    });
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: w
    inputs: { type: object, required: [id], properties: { id: { type: integer } } }
    steps:
      - stepId: account
        operationId: getAccount
        parameters: [{ name: id, in: path, value: $inputs.id }]
        successCriteria: [{ condition: $response.body#/id == $inputs.id }]
        outputs: { owner: $response.body#/owner }
      - stepId: balance
        operationId: getBalance
        parameters: [{ name: id, in: path, value: $inputs.id }, { name: X-Owner, in: header, value: $steps.account.outputs.owner }]
        outputs: { balance: $response.body#/balance }
    outputs: { owner: $steps.account.outputs.owner, balance: $steps.balance.outputs.balance, id: $workflows.w.inputs.id }
`,
      server.url,
      PATHS,
    );
    const ids = Array.from({ length: 50 }, (_, index) => index + 1);
    const results = await Promise.all(ids.map((id) => run(loaded, { inputs: { id } })));
    results.forEach((result, index) => {
      const id = ids[index]!;
      expect(result.status).toBe('success');
      expect(result.outputs).toEqual({ owner: `owner-${id}`, balance: id * 100, id });
      expect(result.steps.map((step) => step.stepId)).toEqual(['account', 'balance']);
    });
    expect(server.received).toHaveLength(100);
    for (const request of server.received.filter((received) => received.url.endsWith('/balance'))) {
      const id = /\/accounts\/(\d+)/.exec(request.url)![1];
      expect(request.headers['x-owner']).toBe(`owner-${id}`);
    }
  });
});
