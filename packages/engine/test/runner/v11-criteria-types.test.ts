import { describe, expect, it } from 'vitest';
import { loadFlow, runRecorded, scriptedServer } from './harness.js';

/** Arazzo 1.1.0 §Condition Evaluation and §Expression Type Object in 1.1 documents, against a real local server. */
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
const body = { count: '10', limit: '9', order: { id: 7, note: null, lines: [] } };

async function load(version: string, criteria: string) {
  const server = await scriptedServer(() => ({ body, headers: { 'x-total': '100' } }));
  return loadFlow(`${header(version)}workflows:\n  - workflowId: w\n    steps:\n      - stepId: check\n        operationId: thing\n        successCriteria:\n${criteria}`, server.url, paths);
}

/** Runs one step whose successCriteria are `criteria` against `body`: the run's status and the step's reason. */
async function outcome(version: string, criteria: string) {
  const loaded = await load(version, criteria);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const { result } = await runRecorded(loaded);
  return { status: result.status, reason: result.steps[0]?.reason };
}

describe('numeric strings in Arazzo 1.1 conditions', () => {
  it("D99: two numeric strings are ordered as numbers in a 1.1 document ('10' > '9'); a 1.0 document orders them as text", async () => {
    const criteria = "          - condition: $response.body#/count > $response.body#/limit\n          - condition: $response.header.x-total >= '99'\n";
    expect(await outcome('1.1.0', criteria)).toEqual({ status: 'success', reason: undefined });
    expect(await outcome('1.0.1', criteria)).toEqual({ status: 'failure', reason: "$response.body#/count > $response.body#/limit: got $response.body#/count = '10', $response.body#/limit = '9'; $response.header.x-total >= '99': got '100'" });
  });
});
