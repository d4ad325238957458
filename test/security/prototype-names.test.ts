import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocument, run, type LoadedDocument, type OpenApiSource } from '../../packages/engine/src/index.js';
import { lines, scriptedServer } from '../../packages/engine/test/runner/harness.js';
import { openapi } from '../../packages/engine/test/runner/workspace.js';
import { runLoomInProcess } from '../support/fake-context.js';

/**
 * Names from a document are keys of tables Loom builds. Where a table was a plain object, a
 * source named `constructor` or `toString` found Object.prototype's member instead of nothing,
 * a source named `__proto__` could not be stored at all, and an output named `__proto__` set
 * the prototype of the outputs object and vanished (DECISIONS D30).
 */

const PATHS = `  /items/{id}:
    get:
      operationId: getItem
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok } }
`;

async function writeFiles(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'loom-proto-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

async function load(file: string): Promise<LoadedDocument> {
  const loaded = await loadDocument(file);
  expect(loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  return loaded;
}

const SOURCES = (names: readonly string[]) => `arazzo: 1.0.1
info: { title: prototype names, version: 1.0.0 }
sourceDescriptions:
${names.map((name) => `  - { name: ${name}, url: ./${name}.openapi.yaml, type: openapi }`).join('\n')}
workflows:
  - workflowId: fetch
    steps:
${names
  .map(
    (name) => `      - stepId: from${name.replace(/_/g, '')}
        operationPath: '{$sourceDescriptions.${name}.url}#/paths/~1items~1{id}/get'
        parameters: [{ name: id, in: path, value: ${name} }]
        outputs: { got: $response.body#/id, url: $url }`,
  )
  .join('\n')}
    outputs:
${names.map((name) => `      ${name}: $steps.from${name.replace(/_/g, '')}.outputs.got`).join('\n')}
`;

describe('D30: names from a document are never Object.prototype members', () => {
  it('D30: sources named constructor, __proto__ and toString load and run against a real server', async () => {
    const names = ['constructor', '__proto__', 'toString'];
    const servers = await Promise.all(names.map(() => scriptedServer((request) => ({ body: { id: request.url.split('/').pop() } }))));
    const files: Record<string, string> = { 'flow.arazzo.yaml': SOURCES(names) };
    names.forEach((name, index) => (files[`${name}.openapi.yaml`] = openapi(servers[index]!.url, PATHS)));
    const dir = await writeFiles(files);
    const loaded = await load(join(dir, 'flow.arazzo.yaml'));
    expect([...loaded.model!.sources.keys()].sort()).toEqual([...names].sort());

    const result = await run(loaded);
    expect(result.error?.message).toBeUndefined();
    expect(result.status).toBe('success');
    names.forEach((name, index) => expect(lines(servers[index]!)).toEqual([`GET /items/${name}`]));
    // Outputs named like Object.prototype members are own data properties, __proto__ included.
    expect(Object.getOwnPropertyNames(result.outputs)).toEqual(names);
    expect(Object.getOwnPropertyDescriptor(result.outputs, '__proto__')?.value).toBe('__proto__');
    expect(JSON.parse(JSON.stringify(result.outputs))).toEqual(JSON.parse('{"constructor":"constructor","__proto__":"__proto__","toString":"toString"}'));

    // D18: a servers override for a source named like a prototype member.
    const other = await scriptedServer((request) => ({ body: { id: `other-${request.url.split('/').pop()}` } }));
    const overridden = await run(loaded, { servers: JSON.parse(`{"__proto__": "${other.url}", "constructor": "${other.url}"}`) as Record<string, string> });
    expect(overridden.status).toBe('success');
    expect(lines(other)).toEqual(['GET /items/constructor', 'GET /items/__proto__']);
    expect(lines(servers[2]!)).toEqual(['GET /items/toString', 'GET /items/toString']);
  });

  it('D30: outputs, inputs and steps named __proto__ / constructor are kept and read as data', async () => {
    const server = await scriptedServer((request) => ({ body: { id: request.url.split('/').pop(), __proto__: 'from body' } }));
    const dir = await writeFiles({
      'api.openapi.yaml': openapi(server.url, PATHS),
      'flow.arazzo.yaml': `arazzo: 1.0.1
info: { title: prototype names, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: inner
    inputs:
      type: object
      properties:
        constructor: { type: string }
        __proto__: { type: string }
    steps:
      - stepId: constructor
        operationId: getItem
        parameters: [{ name: id, in: path, value: $inputs.constructor }]
        outputs:
          __proto__: $response.body#/id
          toString: $inputs.__proto__
    outputs:
      __proto__: $steps.constructor.outputs.__proto__
      hasOwnProperty: $steps.constructor.outputs.toString
  - workflowId: outer
    steps:
      - stepId: call
        workflowId: inner
        parameters:
          - { name: constructor, value: ctor-id }
          - { name: __proto__, value: proto-input }
    outputs:
      __proto__: $steps.call.outputs.__proto__
      viaWorkflows: $workflows.inner.outputs.__proto__
`,
    });
    const loaded = await load(join(dir, 'flow.arazzo.yaml'));
    const result = await run(loaded, { workflowId: 'outer' });
    expect(result.error?.message).toBeUndefined();
    expect(lines(server)).toEqual(['GET /items/ctor-id']);
    expect(Object.getOwnPropertyNames(result.outputs).sort()).toEqual(['__proto__', 'viaWorkflows']);
    expect(Object.getOwnPropertyDescriptor(result.outputs, '__proto__')?.value).toBe('ctor-id');
    expect(result.outputs['viaWorkflows']).toBe('ctor-id');
    expect(result.warnings).toEqual([]);

    const inner = await run(loaded, { workflowId: 'inner', inputs: JSON.parse('{"constructor":"a","__proto__":"b"}') as Record<string, unknown> });
    expect(inner.status).toBe('success');
    expect(Object.getOwnPropertyDescriptor(inner.outputs, '__proto__')?.value).toBe('a');
    expect(inner.outputs['hasOwnProperty']).toBe('b');
    expect(Object.keys(inner.outputs).sort()).toEqual(['__proto__', 'hasOwnProperty']);
    expect(inner.warnings).toEqual([]);
  });

  it('D30: payload members, query parameters and response members named __proto__ go out and come back as data', async () => {
    const server = await scriptedServer((request) => ({ body: JSON.parse(`{"__proto__": {"polluted": true}, "echo": ${request.body.toString() || 'null'}}`) as unknown }));
    const dir = await writeFiles({
      'api.openapi.yaml': openapi(
        server.url,
        `  /echo:
    post:
      operationId: echo
      parameters:
        - { name: __proto__, in: query, schema: { type: string } }
        - { name: constructor, in: query, schema: { type: string } }
        - { name: __proto__, in: header, schema: { type: string } }
      requestBody: { content: { application/json: {} } }
      responses: { '200': { description: ok } }
`,
      ),
      'flow.arazzo.yaml': `arazzo: 1.0.1
info: { title: prototype names, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: w
    inputs:
      type: object
      properties: { token: { type: string, format: password } }
    steps:
      - stepId: echo
        operationId: echo
        parameters:
          - { name: __proto__, in: query, value: q1 }
          - { name: constructor, in: query, value: q2 }
          - { name: __proto__, in: header, value: h1 }
        requestBody:
          payload: { __proto__: { admin: true }, constructor: $inputs.token, plain: 1 }
        outputs:
          sentQuery: $request.query.__proto__
          echoed: $response.body#/echo/__proto__/admin
          received: $response.body#/__proto__/polluted
    outputs:
      sentQuery: $steps.echo.outputs.sentQuery
      echoed: $steps.echo.outputs.echoed
      received: $steps.echo.outputs.received
`,
    });
    const loaded = await load(join(dir, 'flow.arazzo.yaml'));
    const responses: unknown[] = [];
    const result = await run(loaded, { inputs: { token: 'secret-token-value' }, onEvent: (event) => event.type === 'response' && responses.push(event.body) });
    expect(result.error?.message).toBeUndefined();
    expect(lines(server)).toEqual(['POST /echo?__proto__=q1&constructor=q2']);
    expect(server.received[0]!.rawHeaders.join(' ')).toContain('__proto__ h1');
    expect(server.received[0]!.body.toString()).toBe('{"__proto__":{"admin":true},"constructor":"secret-token-value","plain":1}');
    expect(result.outputs).toEqual({ sentQuery: 'q1', echoed: true, received: true });
    // The listener's masked copy of the response keeps `__proto__` as data and gives it no prototype.
    const body = responses[0] as Record<string, unknown>;
    expect(Object.getOwnPropertyNames(body)).toEqual(['__proto__', 'echo']);
    expect((body as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('D30: OpenAPI names are data too: a server variable and a schema property named __proto__', async () => {
    const server = await scriptedServer((request) => ({ body: { id: request.url.split('/').pop() } }));
    const dir = await writeFiles({
      'api.openapi.yaml': `openapi: 3.1.0
info: { title: test api, version: 1.0.0 }
servers:
  - url: 'http://127.0.0.1:{__proto__}'
    variables: { __proto__: { default: '${server.port}' } }
paths:
  /items/{id}:
    post:
      operationId: getItem
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { __proto__: { type: integer } } }
      responses: { '200': { description: ok } }
`,
      'flow.arazzo.yaml': `arazzo: 1.0.1
info: { title: prototype names, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: w
    steps:
      - stepId: get
        operationId: getItem
        parameters: [{ name: id, in: path, value: variable }]
        requestBody: { payload: { __proto__: not a number } }
`,
    });
    const loaded = await load(join(dir, 'flow.arazzo.yaml'));
    const result = await run(loaded);
    expect(result.error?.message).toBeUndefined();
    expect(lines(server)).toEqual(['POST /items/variable']);
    // The resolved OpenAPI document keeps the property (ajv itself ignores `__proto__` in `properties`).
    const source = loaded.model!.sources.get('api') as OpenApiSource;
    const body = source.operations[0]!.requestBody as { content: Record<string, { schema: { properties: object } }> };
    const properties = body.content['application/json']!.schema.properties;
    expect(Object.getOwnPropertyNames(properties)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
  });

  it('D30: loom run loads and runs sources named constructor, __proto__ and toString; --server __proto__=... applies', async () => {
    const names = ['constructor', '__proto__', 'toString'];
    const servers = await Promise.all(names.map(() => scriptedServer((request) => ({ body: { id: request.url.split('/').pop() } }))));
    const files: Record<string, string> = { 'flow.arazzo.yaml': SOURCES(names) };
    names.forEach((name, index) => (files[`${name}.openapi.yaml`] = openapi(servers[index]!.url, PATHS)));
    const dir = await writeFiles(files);
    const other = await scriptedServer((request) => ({ body: { id: request.url.split('/').pop() } }));
    const cli = await runLoomInProcess(['run', join(dir, 'flow.arazzo.yaml'), '--json', '--server', `__proto__=${other.url}`]);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect((JSON.parse(cli.stdout) as { outputs: unknown }).outputs).toEqual(JSON.parse('{"constructor":"constructor","__proto__":"__proto__","toString":"toString"}'));
    expect(lines(servers[0]!)).toEqual(['GET /items/constructor']);
    expect(lines(servers[1]!)).toEqual([]);
    expect(lines(other)).toEqual(['GET /items/__proto__']);
    expect(lines(servers[2]!)).toEqual(['GET /items/toString']);
  });

  it('D30: loom run --json shows an output named __proto__', async () => {
    const server = await scriptedServer((request) => ({ body: { id: request.url.split('/').pop() } }));
    const dir = await writeFiles({
      'api.openapi.yaml': openapi(server.url, PATHS),
      'flow.arazzo.yaml': `arazzo: 1.0.1
info: { title: prototype names, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: w
    inputs:
      type: object
      properties: { password: { type: string, format: password } }
    steps:
      - stepId: get
        operationId: getItem
        parameters: [{ name: id, in: path, value: kept }]
        outputs: { __proto__: $response.body#/id }
    outputs: { __proto__: $steps.get.outputs.__proto__, constructor: $inputs.password }
`,
    });
    // A secret input: the result is masked (a copy of every object) before it is printed.
    const cli = await runLoomInProcess(['run', join(dir, 'flow.arazzo.yaml'), '--json', '--input', 'password=hunter2-secret']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/"outputs": \{\s*"__proto__": "kept",\s*"constructor": "\*+"\s*\}/);
  });
});
