import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintDocument, loadDocument, run } from '@loom/engine';
import { HEADER, lines, loadFlow, scriptedServer } from './harness.js';

/**
 * OpenAPI 3.2 §Parameter Object `in: querystring` with `required: true`, called from Arazzo 1.1 steps
 * (§Parameter Object `in: querystring`) and from Arazzo 1.0 ones, which have no such location (DECISIONS D43).
 */
const header11 = HEADER.replace('arazzo: 1.0.1', 'arazzo: 1.1.0');
const paths = `  /search:
    get:
      operationId: search
      parameters:
        - name: filter
          in: querystring
          required: true
          content: { application/x-www-form-urlencoded: { schema: { type: object } } }
      responses:
        '200': { description: found }
        '400': { description: no query string }
`;
/** The OpenAPI 3.2 description of `paths` (the harness writes 3.1 documents, which have no `querystring`). */
const openapi32 = (serverUrl: string): string => `openapi: 3.2.0
info: { title: test api, version: 1.0.0 }
servers:
  - url: ${serverUrl}
paths:
${paths}`;

function flow(header: string, stepParameters: string, workflowParameters = ''): string {
  return `${header}workflows:
  - workflowId: w
    inputs: { type: object, properties: { status: { type: string } } }
${workflowParameters}    steps:
      - stepId: find
        operationId: search
${stepParameters}`;
}

async function diagnosticsOf(arazzo: string) {
  const dir = await mkdtemp(join(tmpdir(), 'loom-run-'));
  await writeFile(join(dir, 'api.openapi.yaml'), openapi32('http://127.0.0.1:9'));
  await writeFile(join(dir, 'flow.arazzo.yaml'), arazzo);
  return loadDocument(join(dir, 'flow.arazzo.yaml'));
}

describe('an operation that requires an in: querystring parameter', () => {
  it('D43: a 1.1 step that gives the querystring parameter calls it, and the server gets the whole query string', async () => {
    // The server answers 200 only for the query string it expects, so a request without it fails the step.
    const server = await scriptedServer((request) => (new URL(request.url!, 'http://x').search === '?status=new&limit=5' ? { body: { found: 1 } } : { status: 400, body: {} }));
    const loaded = await loadFlow(
      flow(header11, `        parameters:\n          - { name: filter, in: querystring, value: 'status={$inputs.status}&limit=5' }\n`),
      server.url,
      paths,
      { 'api.openapi.yaml': openapi32(server.url) },
    );
    const result = await run(loaded, { inputs: { status: 'new' } });
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /search?status=new&limit=5']);
  });

  it('D43: a workflow-level querystring parameter gives it to the step as well', async () => {
    const server = await scriptedServer((request) => (new URL(request.url!, 'http://x').search === '?status=old' ? { body: {} } : { status: 400, body: {} }));
    const loaded = await loadFlow(
      flow(header11, '', `    parameters:\n      - { name: filter, in: querystring, value: { status: $inputs.status } }\n`),
      server.url,
      paths,
      { 'api.openapi.yaml': openapi32(server.url) },
    );
    const result = await run(loaded, { inputs: { status: 'old' } });
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /search?status=old']);
  });

  it("D43: the step's querystring parameter is the operation's whatever its name: it is written in the operation's media type", async () => {
    const server = await scriptedServer();
    const json = paths.replace('application/x-www-form-urlencoded', 'application/json');
    const loaded = await loadFlow(
      flow(header11, `        parameters:\n          - { name: whole, in: querystring, value: { status: $inputs.status } }\n`),
      server.url,
      json,
      { 'api.openapi.yaml': openapi32(server.url).replace('application/x-www-form-urlencoded', 'application/json') },
    );
    const result = await run(loaded, { inputs: { status: 'new' } });
    expect(result.status).toBe('success');
    expect(lines(server)).toEqual(['GET /search?%7B%22status%22%3A%22new%22%7D']);
  });

  it('D43: a 1.1 step that gives no querystring parameter is an error at the step, reported once; nothing is sent', async () => {
    const server = await scriptedServer();
    const dir = await mkdtemp(join(tmpdir(), 'loom-run-'));
    await writeFile(join(dir, 'api.openapi.yaml'), openapi32(server.url));
    await writeFile(join(dir, 'flow.arazzo.yaml'), flow(header11, `        parameters:\n          - { name: status, in: query, value: new }\n`));
    const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.path, d.message])).toEqual([
      [
        'parameter-querystring-missing',
        '/workflows/0/steps/0/stepId',
        "Step 'find': the operation GET /search requires the querystring parameter 'filter' (the whole query string), and neither the step nor its workflow gives one: add a parameter with in: querystring.",
      ],
    ]);
    // One check owns it (DECISIONS D66): lint does not restate it as parameter-required-missing.
    expect(lintDocument(loaded).filter((d) => d.code === 'parameter-required-missing')).toEqual([]);
    await expect(run(loaded, { inputs: { status: 'new' } })).rejects.toMatchObject({ code: 'LOOM_ERR_INVALID' });
    expect(server.received).toEqual([]);
  });

  it('D43: a 1.0 document calling it gets an error saying the operation needs Arazzo 1.1 in: querystring', async () => {
    const loaded = await diagnosticsOf(flow(HEADER, `        parameters:\n          - { name: filter, value: 'status=new' }\n`));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.path, d.message])).toEqual([
      [
        'operation-unsupported',
        '/workflows/0/steps/0/operationId',
        "Step 'find': the operation GET /search requires the parameter 'filter' in: querystring (OpenAPI 3.2), which only an Arazzo 1.1 step can give (in: querystring); this document is Arazzo 1.0.1.",
      ],
    ]);
  });
});
