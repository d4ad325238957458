import { describe, expect, it } from 'vitest';
import { run } from '@loom/engine';
import { HEADER, loadFlow, scriptedServer } from './harness.js';

/** Arazzo 1.1 §Runtime Expressions: `$self`, pointers into `$inputs` / `$outputs`, and values embedded in strings. */
const header11 = HEADER.replace('arazzo: 1.0.1', 'arazzo: 1.1.0');
const paths = `  /echo:
    post:
      operationId: echo
      requestBody: { content: { application/json: { schema: { type: object } } } }
      responses: { '200': { description: ok } }
`;

describe('Arazzo 1.1 runtime expressions', () => {
  it('D103: $self is the base URI of the document: without a $self field, the URL it was read from', async () => {
    const server = await scriptedServer((request) => ({ body: JSON.parse(request.body.toString()) }));
    const loaded = await loadFlow(
      `${header11}workflows:
  - workflowId: w
    inputs: { type: object, properties: { order: { type: object } } }
    steps:
      - stepId: send
        operationId: echo
        parameters:
          - { name: X-Origin, in: header, value: 'from {$self}' }
        requestBody:
          contentType: application/json
          payload:
            self: $self
            first: $inputs.order#/items/0
            text: 'n={$inputs.order#/count} items={$inputs.order#/items} name={$inputs.order#/name} none={$inputs.order#/none}'
`,
      server.url,
      paths,
    );
    const result = await run(loaded, { inputs: { order: { count: 2, items: [{ id: 'a' }], name: 'Rex', none: null } } });
    expect(result.status).toBe('success');
    const documentUrl = loaded.url;
    expect(documentUrl).toMatch(/^file:.*flow\.arazzo\.yaml$/);
    expect(server.received[0]!.headers['x-origin']).toBe(`from ${documentUrl}`);
    // Embedding: numbers and null as text, objects and arrays as JSON, strings unchanged.
    expect(JSON.parse(server.received[0]!.body.toString())).toEqual({ self: documentUrl, first: { id: 'a' }, text: 'n=2 items=[{"id":"a"}] name=Rex none=null' });
  });
});
