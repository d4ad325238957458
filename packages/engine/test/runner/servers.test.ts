import { describe, expect, it } from 'vitest';
import { closedPort } from '../http/local-server.js';
import { HEADER, lines, runRecorded, scriptedServer } from './harness.js';
import { loadFromFiles } from './workspace.js';

function api(documentServers: string, paths: string): string {
  return `openapi: 3.1.0
info: { title: api, version: 1.0.0 }
${documentServers}
paths:
${paths}`;
}

describe('servers (DECISIONS D18) and how steps name operations', () => {
  it("D18: the operation's servers, else the path item's, else the document's; variables at their defaults", async () => {
    const server = await scriptedServer();
    const unused = `http://127.0.0.1:${await closedPort()}`;
    const loaded = await loadFromFiles({
      'flow.arazzo.yaml': `${HEADER}workflows:
  - workflowId: w
    steps:
      - { stepId: op, operationId: opLevel }
      - { stepId: path, operationId: pathLevel }
      - { stepId: doc, operationId: docLevel }
`,
      'api.openapi.yaml': api(
        `servers:
  - url: '${server.url}/{version}'
    variables: { version: { default: v1, enum: [v1, v2] } }
  - url: ${unused}/second`,
        `  /a:
    get:
      operationId: opLevel
      servers: [{ url: '${server.url}/op' }]
      responses: { '200': { description: ok } }
  /b:
    servers: [{ url: '${server.url}/pathitem/' }]
    get: { operationId: pathLevel, responses: { '200': { description: ok } } }
  /c:
    get: { operationId: docLevel, responses: { '200': { description: ok } } }
`,
      ),
    });
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /op/a', 'GET /pathitem/b', 'GET /v1/c']);
  });

  it('D18: the servers run option replaces the servers of that source; a relative server that resolves to a file fails clearly without it', async () => {
    const server = await scriptedServer();
    const loaded = await loadFromFiles({
      'flow.arazzo.yaml': `${HEADER}workflows:
  - workflowId: w
    steps:
      - { stepId: get, operationId: getThing }
`,
      'api.openapi.yaml': api(
        'servers: [{ url: /api }]',
        `  /thing:
    get: { operationId: getThing, responses: { '200': { description: ok } } }
`,
      ),
    });
    const { result } = await runRecorded(loaded);
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(/not an http\(s\) URL; pass the server to use with --server <source>=<url>/);

    const overridden = await runRecorded(loaded, { servers: { api: `${server.url}/base` } });
    expect(overridden.result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /base/thing']);
    // The resolved server is cached per override: a second run with another override goes elsewhere.
    const other = await scriptedServer();
    await runRecorded(loaded, { servers: { api: other.url } });
    expect(lines(other)).toEqual(['GET /thing']);
  });

  it('operationId as $sourceDescriptions.<name>.<operationId>, and operationPath, pick the operation of that source', async () => {
    const first = await scriptedServer();
    const second = await scriptedServer();
    const paths = `  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{ name: id, in: path, required: true, schema: { type: integer } }]
      responses: { '200': { description: ok } }
    delete:
      operationId: deletePet
      parameters: [{ name: id, in: path, required: true, schema: { type: integer } }]
      responses: { '204': { description: gone } }
`;
    const loaded = await loadFromFiles({
      'flow.arazzo.yaml': `arazzo: 1.0.1
info: { title: two sources, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
  - { name: other, url: ./other.openapi.yaml, type: openapi }
workflows:
  - workflowId: w
    steps:
      - stepId: viaSource
        operationId: $sourceDescriptions.other.getPet
        parameters: [{ name: id, in: path, value: 1 }]
      - stepId: viaPath
        operationPath: '{$sourceDescriptions.api.url}#/paths/~1pets~1{id}/delete'
        parameters: [{ name: id, in: path, value: 2 }]
`,
      'api.openapi.yaml': api(`servers: [{ url: '${first.url}' }]`, paths),
      'other.openapi.yaml': api(`servers: [{ url: '${second.url}' }]`, paths),
    });
    const { result, events } = await runRecorded(loaded);
    expect(result.status).toBe('success');
    expect(lines(second)).toEqual(['GET /pets/1']);
    expect(lines(first)).toEqual(['DELETE /pets/2']);
    expect(events.filter((event) => event.type === 'step.start').map((event) => event.type === 'step.start' && event.operation)).toEqual(['GET /pets/{id}', 'DELETE /pets/{id}']);
  });
});
