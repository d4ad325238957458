import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocument, run, type LoadedDocument } from '../../packages/engine/src/index.js';
import { checkRequestBodySchemas } from '../../packages/engine/src/lint/request-body-schema.js';
import { HEADER, lines, scriptedServer } from '../../packages/engine/test/runner/harness.js';
import { openapi } from '../../packages/engine/test/runner/workspace.js';

/**
 * One ajv instance per process held every compiled schema: loading the same document twice (a
 * server reloading after an edit) and running both failed once the inputs schema had a `$id`
 * ("schema with key or id already exists"), and the lint's request body check skipped colliding
 * schemas without a word. Compiled schemas now belong to the compiled document (or lint run).
 */

const PATHS = `  /pets:
    post:
      operationId: addPet
      requestBody: { content: { application/json: {} } }
      responses: { '200': { description: ok } }
`;

const flow = (required: string) => `${HEADER}workflows:
  - workflowId: add
    inputs:
      $id: https://loom.example/schemas/add-pet
      type: object
      required: [${required}]
      properties:
        name: { type: string }
        tag: { type: string }
    steps:
      - stepId: add
        operationId: addPet
        requestBody: { payload: { name: $inputs.name } }
`;

async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
}

async function load(file: string): Promise<LoadedDocument> {
  const loaded = await loadDocument(file);
  expect(loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  return loaded;
}

describe('compiled schemas belong to their document', () => {
  it('the same document with an inputs $id, loaded twice, runs both times; an edit takes effect', async () => {
    const server = await scriptedServer();
    const dir = await mkdtemp(join(tmpdir(), 'loom-schema-id-'));
    const file = join(dir, 'flow.arazzo.yaml');
    await writeFiles(dir, { 'flow.arazzo.yaml': flow('name'), 'api.openapi.yaml': openapi(server.url, PATHS) });
    const first = await load(file);
    const second = await load(file);
    expect((await run(first, { inputs: { name: 'rex' } })).status).toBe('success');
    expect((await run(second, { inputs: { name: 'fido' } })).status).toBe('success');

    // The server reloads after an edit: same $id, a different schema. The new one applies, the old one still runs.
    await writeFiles(dir, { 'flow.arazzo.yaml': flow('name, tag') });
    const edited = await load(file);
    await expect(run(edited, { inputs: { name: 'rex' } })).rejects.toMatchObject({ code: 'LOOM_ERR_INPUTS', message: expect.stringContaining('input tag is required') });
    expect((await run(edited, { inputs: { name: 'rex', tag: 'dog' } })).status).toBe('success');
    expect((await run(first, { inputs: { name: 'old' } })).status).toBe('success');
    expect(lines(server)).toEqual(['POST /pets', 'POST /pets', 'POST /pets', 'POST /pets']);
  });

  it('two workflows of one document using one inputs component with a $id both run', async () => {
    const server = await scriptedServer();
    const dir = await mkdtemp(join(tmpdir(), 'loom-schema-id-'));
    await writeFiles(dir, {
      'api.openapi.yaml': openapi(server.url, PATHS),
      'flow.arazzo.yaml': `${HEADER}workflows:
  - workflowId: one
    inputs: { $ref: '#/components/inputs/pet' }
    steps: [{ stepId: add, operationId: addPet, requestBody: { payload: { name: $inputs.name } } }]
  - workflowId: two
    inputs: { $ref: '#/components/inputs/pet' }
    steps:
      - stepId: first
        workflowId: one
        parameters: [{ name: name, value: $inputs.name }]
  - workflowId: three
    inputs:
      type: object
      properties: { pet: { $ref: '#/components/inputs/pet' } }
    steps:
      - stepId: first
        workflowId: one
        parameters: [{ name: name, value: $inputs.pet#/name }]
components:
  inputs:
    pet:
      $id: https://loom.example/schemas/pet
      type: object
      required: [name]
      properties: { name: { type: string } }
`,
    });
    const loaded = await load(join(dir, 'flow.arazzo.yaml'));
    expect((await run(loaded, { workflowId: 'one', inputs: { name: 'a' } })).status).toBe('success');
    const nested = await run(loaded, { workflowId: 'two', inputs: { name: 'b' } });
    expect(nested.error).toBeUndefined();
    expect(nested.status).toBe('success');
    expect((await run(loaded, { workflowId: 'three', inputs: { pet: { name: 'c' } } })).status).toBe('success');
    await expect(run(loaded, { workflowId: 'three', inputs: { pet: {} } })).rejects.toMatchObject({ code: 'LOOM_ERR_INPUTS' });
    expect(lines(server)).toEqual(['POST /pets', 'POST /pets', 'POST /pets']);
  });

  it('an inputs schema ajv cannot compile fails the workflow that needs it, not the run or the process', async () => {
    const server = await scriptedServer();
    const dir = await mkdtemp(join(tmpdir(), 'loom-schema-id-'));
    await writeFiles(dir, {
      'api.openapi.yaml': openapi(server.url, PATHS),
      'flow.arazzo.yaml': `${HEADER}workflows:
  - workflowId: outer
    steps:
      - stepId: call
        workflowId: bad
  - workflowId: bad
    inputs:
      type: object
      properties: { name: { type: string, pattern: '(' } }
    steps: [{ stepId: add, operationId: addPet }]
`,
    });
    const loaded = await load(join(dir, 'flow.arazzo.yaml'));
    const result = await run(loaded, { workflowId: 'outer' });
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(/^step call failed: workflow bad rejected its inputs: the inputs schema cannot be used: Invalid regular expression/);
    await expect(run(loaded, { workflowId: 'bad' })).rejects.toMatchObject({ code: 'LOOM_ERR_INPUTS' });
    expect(server.received).toEqual([]);
  });

  it('lint: request body schemas with one $id in two documents are each checked against their own schema', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loom-schema-id-'));
    const api = (required: string) => `openapi: 3.1.0
info: { title: pets, version: 1.0.0 }
servers: [{ url: http://127.0.0.1:1 }]
paths:
  /pets:
    post:
      operationId: addPet
      requestBody:
        content:
          application/json:
            schema:
              $id: https://loom.example/schemas/new-pet
              type: object
              required: [${required}]
              properties: { name: { type: string }, id: { type: integer } }
      responses: { '200': { description: ok } }
`;
    const document = (source: string) => `arazzo: 1.0.1
info: { title: lint, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./${source}, type: openapi }
workflows:
  - workflowId: add
    steps:
      - stepId: add
        operationId: addPet
        requestBody: { payload: { colour: red } }
`;
    await writeFiles(dir, { 'a.openapi.yaml': api('name'), 'b.openapi.yaml': api('id'), 'a.arazzo.yaml': document('a.openapi.yaml'), 'b.arazzo.yaml': document('b.openapi.yaml') });
    const messages = async (name: string) => checkRequestBodySchemas(await load(join(dir, name))).map((diagnostic) => diagnostic.message);
    expect(await messages('a.arazzo.yaml')).toEqual(["the payload is missing required property 'name' (request body schema of operation addPet)"]);
    expect(await messages('b.arazzo.yaml')).toEqual(["the payload is missing required property 'id' (request body schema of operation addPet)"]);
    // And again: nothing compiled for the first lint is left to collide with.
    expect(await messages('a.arazzo.yaml')).toEqual(["the payload is missing required property 'name' (request body schema of operation addPet)"]);
  });

  it('lint: two operations of one document whose schemas share a $id are both checked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loom-schema-id-'));
    const schema = (required: string) => `
            schema:
              $id: https://loom.example/schemas/body
              type: object
              required: [${required}]`;
    await writeFiles(dir, {
      'api.openapi.yaml': `openapi: 3.0.3
info: { title: pets, version: 1.0.0 }
servers: [{ url: http://127.0.0.1:1 }]
paths:
  /cats:
    post:
      operationId: addCat
      requestBody:
        content:
          application/json:${schema('whiskers')}
      responses: { '200': { description: ok } }
  /dogs:
    post:
      operationId: addDog
      requestBody:
        content:
          application/json:${schema('tail')}
      responses: { '200': { description: ok } }
`,
      'flow.arazzo.yaml': `${HEADER}workflows:
  - workflowId: add
    steps:
      - { stepId: cat, operationId: addCat, requestBody: { payload: { name: tom } } }
      - { stepId: dog, operationId: addDog, requestBody: { payload: { name: rex } } }
`,
    });
    const loaded = await load(join(dir, 'flow.arazzo.yaml'));
    expect(checkRequestBodySchemas(loaded).map((diagnostic) => diagnostic.message)).toEqual([
      "the payload is missing required property 'whiskers' (request body schema of operation addCat)",
      "the payload is missing required property 'tail' (request body schema of operation addDog)",
    ]);
  });
});
