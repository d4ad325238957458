import { describe, expect, it } from 'vitest';
import { loadFlow, runRecorded, scriptedServer } from './harness.js';

/** Arazzo 1.1.0 §Condition Evaluation, DECISIONS D99: 1.1 documents get 1.1's criterion rules. */
const header = (version: string) => `arazzo: ${version}
info: { title: runner test, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
`;
const paths = `  /thing:
    get:
      operationId: thing
      responses: { '200': { description: ok } }
`;

/** Runs one step whose successCriteria are `criteria` against a body of `{ data: null, count: '10' }`. */
async function criteriaOutcome(version: string, criteria: string) {
  const server = await scriptedServer(() => ({ body: { data: null, count: '10' } }));
  const loaded = await loadFlow(`${header(version)}workflows:\n  - workflowId: w\n    steps:\n      - stepId: check\n        operationId: thing\n        successCriteria:\n${criteria}`, server.url, paths);
  const { result } = await runRecorded(loaded);
  return { status: result.status, reason: result.steps[0]?.reason };
}

describe('criteria in Arazzo 1.1 documents', () => {
  it('D99: a regex or jsonpath criterion whose context is null fails in a 1.1 document (a 1.0 document keeps its rules)', async () => {
    const regex = "          - { context: $response.body#/data, condition: '^n', type: regex }\n";
    const jsonpath = "          - { context: $response.body#/data, condition: '$', type: jsonpath }\n";
    expect(await criteriaOutcome('1.1.0', regex)).toEqual({ status: 'failure', reason: '^n: the context $response.body#/data is null' });
    expect(await criteriaOutcome('1.1.0', jsonpath)).toEqual({ status: 'failure', reason: '$: the context $response.body#/data is null' });
    // DECISIONS D3 / 1.0: a null context is read as the text "null" (regex) or a one-node document (jsonpath).
    expect((await criteriaOutcome('1.0.1', regex)).status).toBe('success');
    expect((await criteriaOutcome('1.0.1', jsonpath)).status).toBe('success');
  });

  it('D99: a missing context fails too, naming what is missing', async () => {
    expect(await criteriaOutcome('1.1.0', "          - { context: $response.body#/absent, condition: '.*', type: regex }\n")).toEqual({
      status: 'failure',
      reason: '.*: the context $response.body#/absent is missing',
    });
  });

  it('D99: null equals only null, and a numeric string compares with a number as that number', async () => {
    const passing = ['$response.body#/data == null', '$response.body#/data != 0', "$response.body#/data != ''", '$response.body#/count == 10', '$response.body#/count > 9'];
    expect(await criteriaOutcome('1.1.0', passing.map((condition) => `          - condition: ${condition}\n`).join(''))).toEqual({ status: 'success', reason: undefined });
    expect((await criteriaOutcome('1.1.0', '          - condition: $response.body#/data == 0\n')).status).toBe('failure');
  });
});
