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

  it('D72: a step using a 1.1 feature Loom cannot run yet fails at validation, naming the feature, and sends nothing', async () => {
    const server = await scriptedServer();
    const dir = await mkdtemp(join(tmpdir(), 'loom-run-'));
    await writeFile(join(dir, 'api.openapi.yaml'), openapi(server.url, paths));
    await writeFile(
      join(dir, 'flow.arazzo.yaml'),
      `$self: https://example.com/flows/flow.arazzo.yaml
${header}workflows:
  - workflowId: w
    steps:
      - stepId: get
        operationId: getPet
        parameters:
          - { name: petId, in: path, value: 7 }
`,
    );
    const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.range?.start.line, d.message])).toEqual([
      ['unsupported-feature', 1, "'$self' (the document's base URI) (Arazzo 1.1) is not yet supported by Loom: it validates this document but cannot run it."],
    ]);
    const error = await run(loaded).catch((caught: unknown) => caught);
    expect(isLoomError(error) && error.code).toBe('LOOM_ERR_INVALID');
    expect((error as { diagnostics?: { code: string; message: string }[] }).diagnostics?.map((d) => d.code)).toEqual(['unsupported-feature']);
    expect(server.received).toEqual([]);
  });
});
