import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocument, run } from '@loom/engine';
import { HEADER, loadFlow, openapi, scriptedServer } from './harness.js';

/** Arazzo 1.1 §Payload Replacement Object: `target` as JSONPath, `targetSelectorType`. */
const header11 = HEADER.replace('arazzo: 1.0.1', 'arazzo: 1.1.0');
const paths = `  /orders:
    post:
      operationId: placeOrder
      requestBody: { content: { application/json: { schema: { type: object } }, application/xml: { schema: { type: string } } } }
      responses: { '200': { description: ok } }
`;

function flow(requestBody: string): string {
  return `${header11}workflows:
  - workflowId: w
    inputs: { type: object, properties: { price: { type: number } } }
    steps:
      - stepId: place
        operationId: placeOrder
        requestBody:
${requestBody}`;
}

describe('Arazzo 1.1 payload replacement targets', () => {
  it('D101: a JSONPath target sets the value at every node it selects', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(
      flow(`          contentType: application/json
          payload: { items: [{ sku: a, price: 1 }, { sku: b, price: 2 }], note: { price: 0 } }
          replacements:
            - { target: '$.items[*].price', targetSelectorType: jsonpath, value: $inputs.price }
            - { target: '$.note', targetSelectorType: { type: jsonpath, version: draft-goessner-dispatch-jsonpath-00 }, value: { text: hi } }
            - { target: /items/0/sku, targetSelectorType: jsonpointer, value: z }
`),
      server.url,
      paths,
    );
    const result = await run(loaded, { inputs: { price: 9 } });
    expect(result.status).toBe('success');
    expect(JSON.parse(server.received[0]!.body.toString())).toEqual({ items: [{ sku: 'z', price: 9 }, { sku: 'b', price: 9 }], note: { text: 'hi' } });
  });

  it('D101: nested selected nodes: the outer node is set last and wins', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(
      flow(`          contentType: application/json
          payload: { a: { id: 1, b: { id: 2 } } }
          replacements:
            - { target: '$..[?@.id]', targetSelectorType: jsonpath, value: { id: 0 } }
`),
      server.url,
      paths,
    );
    await run(loaded);
    expect(JSON.parse(server.received[0]!.body.toString())).toEqual({ a: { id: 0 } });
  });

  it('D101: a JSONPath target that selects nothing fails the step, naming the target, and sends nothing', async () => {
    const server = await scriptedServer();
    const loaded = await loadFlow(
      flow(`          contentType: application/json
          payload: { items: [] }
          replacements:
            - { target: '$.items[0].price', targetSelectorType: jsonpath, value: 1 }
`),
      server.url,
      paths,
    );
    const result = await run(loaded);
    expect(result.status).toBe('failure');
    expect(result.error?.message).toContain("payload replacement target '$.items[0].price' selects nothing in the payload");
    expect(server.received).toEqual([]);
  });

  it('D101: a selector type that does not suit the payload fails the step; xpath targets an XML payload', async () => {
    const server = await scriptedServer();
    const mismatched = await loadFlow(
      flow(`          contentType: application/json
          payload: { a: 1 }
          replacements:
            - { target: /a, targetSelectorType: xpath, value: 2 }
`),
      server.url,
      paths,
    );
    const failed = await run(mismatched);
    expect(failed.error?.message).toContain("payload replacement '/a': a xpath target cannot address a JSON payload");
    const xml = await loadFlow(
      flow(`          contentType: application/xml
          payload: '<order><price>1</price></order>'
          replacements:
            - { target: /order/price, targetSelectorType: { type: xpath, version: xpath-10 }, value: $inputs.price }
`),
      server.url,
      paths,
    );
    const result = await run(xml, { inputs: { price: 5 } });
    expect(result.status).toBe('success');
    expect(server.received.map((request) => request.body.toString())).toEqual(['<order><price>5</price></order>']);
  });

  it('D101: a JSONPath target that does not compile is an error at validation', async () => {
    const server = await scriptedServer();
    const dir = await mkdtemp(join(tmpdir(), 'loom-run-'));
    await writeFile(join(dir, 'api.openapi.yaml'), openapi(server.url, paths));
    await writeFile(
      join(dir, 'flow.arazzo.yaml'),
      flow(`          contentType: application/json
          payload: { a: 1 }
          replacements:
            - { target: '$.a[', targetSelectorType: jsonpath, value: 2 }
`),
    );
    const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.path, d.range?.start.line])).toEqual([
      ['criterion-invalid-jsonpath', '/workflows/0/steps/0/requestBody/replacements/0/target', 15],
    ]);
  });
});
