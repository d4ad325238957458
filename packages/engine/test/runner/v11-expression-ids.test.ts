import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocument, run } from '@loom/engine';
import { loadFlow, openapi, scriptedServer } from './harness.js';

/** Arazzo 1.1.0 §Runtime Expressions: `step-id`, `workflow-id` and `source-name` are `identifier-strict`, with no dots (DECISIONS D94). */
const header = (version: string) => `arazzo: ${version}
info: { title: runner test, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
`;
const paths = `  /thing:
    get:
      operationId: thing
      parameters:
        - { name: q, in: query, schema: { type: string } }
      responses: { '200': { description: ok } }
`;

async function errorsOf(text: string) {
  const dir = await mkdtemp(join(tmpdir(), 'loom-ids-'));
  await writeFile(join(dir, 'api.openapi.yaml'), openapi('http://127.0.0.1:9', paths));
  await writeFile(join(dir, 'flow.arazzo.yaml'), text);
  const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
  return loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.range?.start.line, d.range?.start.column, d.message]);
}

describe('ids without dots in Arazzo 1.1', () => {
  it('D94: a 1.1 stepId or workflowId with a dot is an error at the id, naming the rule; a 1.0 document keeps its ids', async () => {
    const flow = (version: string) => `${header(version)}workflows:
  - workflowId: orders.v2
    steps:
      - stepId: get.user
        operationId: thing
      - stepId: again
        operationId: thing
        onSuccess:
          - { name: back, type: goto, stepId: get.user, criteria: [{ condition: $statusCode == 500 }] }
`;
    expect(await errorsOf(flow('1.1.0'))).toEqual([
      ['id-with-dot', 6, 23, "workflowId 'orders.v2' has a '.': in Arazzo 1.1 a workflowId is named in expressions as [A-Za-z0-9_-]+ ($workflows.<workflowId>), so $workflows.orders.v2... would read the workflowId 'orders'; write it without dots, e.g. orders_v2"],
      ['id-with-dot', 8, 20, "stepId 'get.user' has a '.': in Arazzo 1.1 a stepId is named in expressions as [A-Za-z0-9_-]+ ($steps.<stepId>), so $steps.get.user... would read the stepId 'get'; write it without dots, e.g. get_user"],
    ]);
    expect(await errorsOf(flow('1.0.1'))).toEqual([]);
  });

  it('D94: in a 1.1 document $steps and $sourceDescriptions end their id at the first dot; output and input names keep their dots', async () => {
    const server = await scriptedServer(() => ({ body: { id: 'u1' } }));
    const loaded = await loadFlow(
      `${header('1.1.0')}workflows:
  - workflowId: w
    inputs: { type: object, properties: { 'a.b': { type: string } } }
    steps:
      - stepId: first
        operationId: thing
        outputs:
          id.full: $response.body#/id
      - stepId: second
        operationId: thing
        parameters:
          - { name: q, in: query, value: '{$steps.first.outputs.id.full}/{$sourceDescriptions.api.url}' }
    outputs:
      both: $steps.first.outputs.id.full
      input: $inputs.a.b
`,
      server.url,
      paths,
    );
    const result = await run(loaded, { inputs: { 'a.b': 'x' } });
    expect(result.status).toBe('success');
    // Output and input names keep their dots (`identifier`, DECISIONS D46): only the ids end at the first dot.
    expect(result.outputs).toEqual({ both: 'u1', input: 'x' });
    expect(server.received.map((request) => decodeURIComponent(request.url))).toEqual(['/thing', '/thing?q=u1/./api.openapi.yaml']);
  });
});
