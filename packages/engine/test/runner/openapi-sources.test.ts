import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '@loom/engine';
import { HEADER, lines, runRecorded, scriptedServer, stepSummary } from './harness.js';
import { loadFromFiles } from './workspace.js';

/** Runs against OpenAPI sources that used to be refused or reported falsely (issue 11). */

function api(version: string, serverUrl: string, paths: string, rest = ''): string {
  return `openapi: ${version}
info: { title: api, version: 1.0.0 }
servers: [{ url: '${serverUrl}' }]
paths:
${paths}${rest}`;
}

const BROKEN_ELSEWHERE = `  /healthy:
    get:
      operationId: healthy
      x-policy: { $ref: '#/components/x-nowhere' }
      responses: { '200': { description: ok } }
  /broken:
    get:
      operationId: broken
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Gone' }
`;

describe('OpenAPI sources in a run', () => {
  it('OpenAPI 3.2: a query operation (by operationId and by operationPath) is sent with the method QUERY and its body; an additionalOperations one with its method', async () => {
    const server = await scriptedServer();
    const loaded = await loadFromFiles({
      'flow.arazzo.yaml': `${HEADER}workflows:
  - workflowId: w
    steps:
      - stepId: byId
        operationId: searchItems
        requestBody:
          contentType: application/json
          payload: { name: bolt }
        successCriteria: [{ condition: $statusCode == 200 }]
      - stepId: byPath
        operationPath: '{$sourceDescriptions.api.url}#/paths/~1items/query'
        requestBody:
          contentType: application/json
          payload: { name: nut }
        successCriteria: [{ condition: $statusCode == 200 }]
      - stepId: purge
        operationPath: '{$sourceDescriptions.api.url}#/paths/~1items/additionalOperations/PURGE'
        successCriteria: [{ condition: $statusCode == 200 }]
`,
      'api.openapi.yaml': api(
        '3.2.0',
        server.url,
        `  /items:
    query:
      operationId: searchItems
      requestBody:
        content:
          application/json:
            schema: { type: object }
      responses: { '200': { description: found } }
    additionalOperations:
      PURGE:
        operationId: purgeItems
        responses: { '200': { description: purged } }
`,
      ),
    });
    const { result } = await runRecorded(loaded);
    expect(stepSummary(result)).toEqual([
      { stepId: 'byId', status: 'success', attempts: 1, statusCode: 200 },
      { stepId: 'byPath', status: 'success', attempts: 1, statusCode: 200 },
      { stepId: 'purge', status: 'success', attempts: 1, statusCode: 200 },
    ]);
    expect(lines(server)).toEqual(['QUERY /items', 'QUERY /items', 'PURGE /items']);
    expect(server.received.slice(0, 2).map((request) => JSON.parse(request.body.toString()))).toEqual([{ name: 'bolt' }, { name: 'nut' }]);
  });

  it('D42: a run goes ahead when an operation no step uses holds an unresolvable $ref (a warning)', async () => {
    const server = await scriptedServer();
    const loaded = await loadFromFiles({
      'flow.arazzo.yaml': `${HEADER}workflows:
  - workflowId: w
    steps:
      - { stepId: check, operationId: healthy, successCriteria: [{ condition: $statusCode == 200 }] }
`,
      'api.openapi.yaml': api('3.1.0', server.url, BROKEN_ELSEWHERE),
    });
    expect(loaded.diagnostics.map((d) => [d.code, d.severity])).toEqual([['openapi-ref-unresolved', 'warning']]);
    const { result } = await runRecorded(loaded);
    expect(stepSummary(result)).toEqual([{ stepId: 'check', status: 'success', attempts: 1, statusCode: 200 }]);
    expect(lines(server)).toEqual(['GET /healthy']);
  });

  it('D42: a step calling the operation that holds the unresolvable $ref is an error at the step', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loom-run-'));
    await writeFile(join(dir, 'api.openapi.yaml'), api('3.1.0', 'http://127.0.0.1:9', BROKEN_ELSEWHERE));
    await writeFile(
      join(dir, 'flow.arazzo.yaml'),
      `${HEADER}workflows:
  - workflowId: w
    steps:
      - { stepId: check, operationId: healthy }
      - { stepId: fetch, operationId: broken }
`,
    );
    const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ code: 'operation-ref-unresolved', path: '/workflows/0/steps/1/operationId' })]);
    expect(errors[0]!.message).toMatch(/^Step 'fetch': the operation GET \/broken cannot be called: \$ref '#\/components\/schemas\/Gone' does not resolve: nothing at/);
    expect(loaded.model).toBeUndefined();
  });

  it('D43: an Arazzo 1.0 step calling an operation that requires an in: querystring parameter is an error at the step, naming Arazzo 1.1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loom-run-'));
    await writeFile(
      join(dir, 'api.openapi.yaml'),
      api(
        '3.2.0',
        'http://127.0.0.1:9',
        `  /search:
    get:
      operationId: search
      parameters:
        - { name: filter, in: querystring, required: true, content: { application/x-www-form-urlencoded: { schema: { type: object } } } }
      responses: { '200': { description: ok } }
`,
      ),
    );
    await writeFile(join(dir, 'flow.arazzo.yaml'), `${HEADER}workflows:\n  - workflowId: w\n    steps:\n      - { stepId: find, operationId: search }\n`);
    const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
    expect(loaded.diagnostics).toEqual([expect.objectContaining({ code: 'operation-unsupported', severity: 'error', path: '/workflows/0/steps/0/operationId' })]);
    expect(loaded.diagnostics[0]!.message).toBe(
      "Step 'find': the operation GET /search requires the parameter 'filter' in: querystring (OpenAPI 3.2), which only an Arazzo 1.1 step can give (in: querystring); this document is Arazzo 1.0.1.",
    );
  });
});

/**
 * A server on node:net that records each request line as it arrived: node's HTTP parser
 * accepts only the upper-case methods it knows, so it cannot show what case was sent.
 */
async function requestLineServer(): Promise<{ url: string; requestLines: string[]; close: () => Promise<void> }> {
  const { createServer } = await import('node:net');
  const requestLines: string[] = [];
  const server = createServer((socket) => {
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      requestLines.push(head.slice(0, head.indexOf('\r\n')));
      head = '';
      socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}');
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, requestLines, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('OpenAPI 3.2 additionalOperations methods', () => {
  it('are sent with the case written in the description (OpenAPI 3.2 §Path Item Object: the key is the method as sent); fixed-field methods upper-cased', async () => {
    const server = await requestLineServer();
    try {
      const loaded = await loadFromFiles({
        'flow.arazzo.yaml': `${HEADER}workflows:
  - workflowId: w
    steps:
      - { stepId: mixed, operationId: mixedCase, successCriteria: [{ condition: $statusCode == 200 }] }
      - { stepId: lower, operationPath: '{$sourceDescriptions.api.url}#/paths/~1items/additionalOperations/link', successCriteria: [{ condition: $statusCode == 200 }] }
      - { stepId: fixed, operationId: getItems, successCriteria: [{ condition: $statusCode == 200 }] }
`,
        'api.openapi.yaml': api(
          '3.2.0',
          server.url,
          `  /items:
    get:
      operationId: getItems
      responses: { '200': { description: ok } }
    additionalOperations:
      MyMethod:
        operationId: mixedCase
        responses: { '200': { description: ok } }
      link:
        operationId: linkItems
        responses: { '200': { description: ok } }
`,
        ),
      });
      expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const { result } = await runRecorded(loaded);
      expect(stepSummary(result).map((step) => step.status)).toEqual(['success', 'success', 'success']);
      expect(server.requestLines).toEqual(['MyMethod /items HTTP/1.1', 'link /items HTTP/1.1', 'GET /items HTTP/1.1']);
    } finally {
      await server.close();
    }
  });
});
