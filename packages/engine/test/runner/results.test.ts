import { describe, expect, it } from 'vitest';
import { HEADER, loadFlow, runRecorded, scriptedServer } from './harness.js';

const PATHS = `  /pet:
    get: { operationId: getPet, responses: { '200': { description: ok } } }
`;

describe('the run result (DECISIONS D10)', () => {
  it('D10: an output that cannot be resolved is left out and reported in warnings; the run still succeeds', async () => {
    const server = await scriptedServer(() => ({ body: { id: 1 } }));
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: fetchPet
    steps:
      - stepId: getPet
        operationId: getPet
        outputs: { id: $response.body#/id, name: $response.body#/name }
    outputs:
      id: $steps.getPet.outputs.id
      petName: $steps.getPet.outputs.name
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(result.outputs).toEqual({ id: 1 });
    expect(result.warnings).toEqual([
      "step getPet output name: the response body has nothing at /name (no 'name' at the top, which is an object)",
      'workflow fetchPet output petName: step getPet has no output name',
    ]);
    expect(result.workflowId).toBe('fetchPet');
    expect(result.durationMs).toBeGreaterThan(0);
    expect(result.steps[0]).toMatchObject({ stepId: 'getPet', workflowId: 'fetchPet', status: 'success', attempts: 1, statusCode: 200 });
    expect(result.steps[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.error).toBeUndefined();
  });

  it('R6: a failed run does not repeat its missing outputs as warnings; outputs of what ran are kept (R3)', async () => {
    const server = await scriptedServer(() => ({ status: 500, body: { code: 'E1' } }));
    const loaded = await loadFlow(
      `${HEADER}workflows:
  - workflowId: fetchPet
    steps:
      - stepId: getPet
        operationId: getPet
        outputs: { code: $response.body#/code, name: $response.body#/name }
    outputs:
      code: $steps.getPet.outputs.code
      petName: $steps.getPet.outputs.name
`,
      server.url,
      PATHS,
    );
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(result.outputs).toEqual({ code: 'E1' });
    expect(result.warnings).toEqual([]);
    expect(result.error).toMatchObject({ stepId: 'getPet', workflowId: 'fetchPet' });
  });
});
