import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocument, run } from '@loom/engine';
import { loadFlow, openapi, scriptedServer } from './harness.js';

const ordersAsyncApi = () => readFile(new URL('../fixtures/sources/orders.asyncapi.yaml', import.meta.url), 'utf8');

/** Arazzo 1.1.0 §Source Description Expression Resolution (DECISIONS D95), against a real local server. */
const header = (sources = '') => `arazzo: 1.1.0
info: { title: runner test, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
  - { name: flows, url: ./flows.arazzo.yaml, type: arazzo, x-team: payments }
${sources}`;
const paths = `  /thing:
    get:
      operationId: thing
      parameters:
        - { name: q, in: query, schema: { type: string } }
      responses: { '200': { description: ok } }
  /other:
    get:
      operationId: url
      responses: { '200': { description: ok } }
`;
const flows = `arazzo: 1.1.0
info: { title: flows, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: refund
    steps:
      - { stepId: one, operationId: thing }
`;

describe('$sourceDescriptions.<name>.<reference>', () => {
  it('D95: an operationId or workflowId gives its own text, before a field; a field gives its value', async () => {
    const server = await scriptedServer(() => ({ body: {} }));
    const loaded = await loadFlow(
      `${header()}workflows:
  - workflowId: w
    steps:
      - stepId: call
        operationId: $sourceDescriptions.api.thing
        parameters:
          - { name: q, in: query, value: 'from {$sourceDescriptions.flows.url} ({$sourceDescriptions.flows.type})' }
    outputs:
      operation: $sourceDescriptions.api.thing
      workflow: $sourceDescriptions.flows.refund
      name: $sourceDescriptions.api.name
      type: $sourceDescriptions.api.type
      extension: $sourceDescriptions.flows.x-team
      urlOperation: $sourceDescriptions.api.url
`,
      server.url,
      paths,
      { 'flows.arazzo.yaml': flows },
    );
    const result = await run(loaded);
    expect(result.status).toBe('success');
    expect(result.outputs).toEqual({
      operation: 'thing',
      workflow: 'refund',
      name: 'api',
      type: 'openapi',
      extension: 'payments',
      // The operation whose operationId is `url` comes first (Arazzo 1.1.0: "the operationId takes precedence").
      urlOperation: 'url',
    });
    expect(server.received.map((request) => decodeURIComponent(request.url.replace(/\+/g, ' ')))).toEqual(['/thing?q=from ./flows.arazzo.yaml (arazzo)']);
  });

  it('D95: an AsyncAPI operation key resolves too, and a simple condition reads the same value', async () => {
    const server = await scriptedServer(() => ({ body: {} }));
    const loaded = await loadFlow(
      `${header('  - { name: events, url: ./orders.asyncapi.yaml, type: asyncapi }\n')}workflows:
  - workflowId: w
    steps:
      - stepId: call
        operationId: $sourceDescriptions.api.thing
        successCriteria:
          - condition: $sourceDescriptions.events.placeOrder == 'placeOrder' && $sourceDescriptions.api.url == 'url'
    outputs:
      send: $sourceDescriptions.events.placeOrder
      url: $sourceDescriptions.events.url
`,
      server.url,
      paths,
      { 'flows.arazzo.yaml': flows, 'orders.asyncapi.yaml': await ordersAsyncApi() },
    );
    const result = await run(loaded);
    expect(result.status).toBe('success');
    expect(result.outputs).toEqual({ send: 'placeOrder', url: './orders.asyncapi.yaml' });
  });

  it('D95: a reference that is neither an operationId / workflowId nor a field is an error at the value', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loom-sources-'));
    await writeFile(join(dir, 'api.openapi.yaml'), openapi('http://127.0.0.1:9', paths));
    await writeFile(join(dir, 'flows.arazzo.yaml'), flows);
    await writeFile(
      join(dir, 'flow.arazzo.yaml'),
      `${header()}workflows:
  - workflowId: w
    steps:
      - stepId: call
        operationId: $sourceDescriptions.api.thing
        parameters:
          - { name: q, in: query, value: 'see {$sourceDescriptions.api.getThing}' }
    outputs:
      a: $sourceDescriptions.flows.nothing
      b: $sourceDescriptions.flows.refund
`,
    );
    const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.range?.start.line, d.message])).toEqual([
      ['expression-unknown-source', 12, '$sourceDescriptions.api.getThing: getThing is neither an operationId of source description api (openapi) nor a field of it (name, url, type)'],
      ['expression-unknown-source', 14, '$sourceDescriptions.flows.nothing: nothing is neither a workflowId of source description flows (arazzo) nor a field of it (name, url, type, x-team)'],
    ]);
  });
});
