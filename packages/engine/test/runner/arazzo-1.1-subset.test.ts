import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoomError, loadDocument, run } from '@loom/engine';
import { lines, loadFlow, openapi, scriptedServer, stepSummary } from './harness.js';

/** DECISIONS D72: a 1.1 document that keeps to the 1.0 subset runs; one that uses what Loom cannot run yet stops at validation. */
const header = `arazzo: 1.1.0
info: { title: runner test, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
`;
const paths = `  /pets/{petId}:
    get:
      operationId: getPet
      parameters:
        - { name: petId, in: path, required: true, schema: { type: integer } }
      responses: { '200': { description: ok } }
`;

describe('Arazzo 1.1 documents at run time', () => {
  it('D72: a plain HTTP 1.1 workflow (the 1.0 subset) runs', async () => {
    const server = await scriptedServer(() => ({ body: { name: 'Rex' } }));
    const loaded = await loadFlow(
      `${header}workflows:
  - workflowId: w
    steps:
      - stepId: get
        operationId: getPet
        parameters:
          - { name: petId, in: path, value: 7 }
        successCriteria:
          - condition: $statusCode == 200
        outputs:
          name: $response.body#/name
`,
      server.url,
      paths,
    );
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const result = await run(loaded);
    expect(stepSummary(result)).toEqual([{ stepId: 'get', status: 'success', attempts: 1, statusCode: 200 }]);
    expect(lines(server)).toEqual(['GET /pets/7']);
  });
});
