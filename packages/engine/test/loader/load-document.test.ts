import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoomError, loadDocument, validateDocument } from '../../src/index.js';

const PETS_OPENAPI = `openapi: 3.1.0
info: { title: Pets, version: '1' }
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - { name: limit, in: query, schema: { type: integer } }
        - { name: X-Trace, in: header, schema: { type: string } }
      responses: { '200': { description: ok } }
`;

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'loom-loader-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

const arazzo = (body: string) => `arazzo: 1.0.1\ninfo: { title: Test, version: '1' }\n${body}`;

describe('loadDocument: the document itself', () => {
  it('throws LOOM_ERR_READ when the file does not exist', async () => {
    const error = await loadDocument('/nonexistent/loom/flow.arazzo.yaml').catch((caught: unknown) => caught);
    expect(isLoomError(error) && error.code).toBe('LOOM_ERR_READ');
    expect((error as Error).message).toMatch(/no such file/);
  });

  it('reports malformed YAML once, with its line, and no document', async () => {
    const folder = folderWith({ 'bad.yaml': 'arazzo: 1.0.1\ninfo: {title: x\nworkflows: []\n' });
    const loaded = await loadDocument(join(folder, 'bad.yaml'));
    expect(loaded.document).toBeUndefined();
    expect(loaded.diagnostics.length).toBeGreaterThan(0);
    expect(loaded.diagnostics.every((d) => d.code === 'syntax' && d.range !== undefined)).toBe(true);
    expect(loaded.model).toBeUndefined();
  });

  it('says so when an OpenAPI file is given instead of an Arazzo document', async () => {
    const folder = folderWith({ 'pets.yaml': PETS_OPENAPI });
    const diagnostics = await validateDocument(join(folder, 'pets.yaml'));
    expect(diagnostics.map((d) => d.code)).toEqual(['arazzo-version']);
    expect(diagnostics[0]!.message).toContain('looks like an OpenAPI description');
  });

  it('asks for a quoted version when YAML read it as a number', async () => {
    const folder = folderWith({ 'flow.yaml': 'arazzo: 1.0\ninfo: { title: t, version: "1" }\n' });
    const diagnostics = await validateDocument(join(folder, 'flow.yaml'));
    expect(diagnostics.map((d) => [d.code, d.range?.start.line])).toEqual([['arazzo-version', 1]]);
  });

  it('locates problems in a JSON document by line and column, and an unknown field at its key', async () => {
    const json = '{\n  "arazzo": "1.0.0",\n  "info": { "title": "t", "version": "1" },\n  "sourceDescriptions": [{ "name": "pets", "url": "./pets.yaml" }],\n  "workflows": [{ "workflowId": "w", "stepz": [] }]\n}\n';
    const folder = folderWith({ 'flow.json': json });
    const diagnostics = await validateDocument(join(folder, 'flow.json'), { loadSources: false });
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column, d.message])).toEqual([
      ['arazzo-schema', 5, 17, "The Workflow Object at 'workflows[0]' is missing the required field 'steps'."],
      ['arazzo-schema', 5, 38, "Unknown field 'stepz' in The Workflow Object at 'workflows[0]'."],
    ]);
  });

  it('with loadSources: false reads nothing else and builds no model', async () => {
    const folder = folderWith({ 'flow.yaml': arazzo('sourceDescriptions:\n  - { name: pets, url: ./missing.yaml }\nworkflows:\n  - workflowId: w\n    steps:\n      - { stepId: s, operationId: listPets }\n') });
    const loaded = await loadDocument(join(folder, 'flow.yaml'), { loadSources: false });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.schemaValid && loaded.document.workflows[0]?.workflowId).toBe('w');
    expect(loaded.model).toBeUndefined();
  });
});

describe('loadDocument: source descriptions', () => {
  it('applies a source override (a path relative to cwd) instead of the written url', async () => {
    const folder = folderWith({
      'flow.yaml': arazzo('sourceDescriptions:\n  - { name: pets, url: https://example.invalid/pets.yaml, type: openapi }\nworkflows:\n  - workflowId: w\n    steps:\n      - { stepId: s, operationId: listPets }\n'),
      'local-pets.yaml': PETS_OPENAPI,
    });
    const loaded = await loadDocument('flow.yaml', { cwd: folder, sourceOverrides: { pets: 'local-pets.yaml' } });
    expect(loaded.diagnostics).toEqual([]);
    const target = loaded.model!.workflows.get('w')!.steps[0]!.target;
    expect(target.kind === 'operation' && target.operation.sourceUrl).toBe(pathToFileURL(join(folder, 'local-pets.yaml')).href);
  });

  it('refuses an override naming no source description (LOOM_ERR_USAGE)', async () => {
    const folder = folderWith({ 'flow.yaml': arazzo('sourceDescriptions:\n  - { name: pets, url: ./pets.yaml }\nworkflows:\n  - workflowId: w\n    steps:\n      - { stepId: s, operationId: listPets }\n') });
    const error = await loadDocument(join(folder, 'flow.yaml'), { sourceOverrides: { petz: './x.yaml' } }).catch((caught: unknown) => caught);
    expect(isLoomError(error) && error.code).toBe('LOOM_ERR_USAGE');
    expect((error as Error).message).toContain("no source description named 'petz' (it has: pets)");
  });

  it('loads arazzo sources that reference each other (a cycle) once each, and links their workflows', async () => {
    const folder = folderWith({
      'a.arazzo.yaml': arazzo('sourceDescriptions:\n  - { name: b, url: ./b.arazzo.yaml, type: arazzo }\nworkflows:\n  - workflowId: in-a\n    steps:\n      - { stepId: call-b, workflowId: $sourceDescriptions.b.in-b }\n'),
      // No `type`: the document says it is Arazzo.
      'b.arazzo.yaml': arazzo('sourceDescriptions:\n  - { name: a, url: ./a.arazzo.yaml }\n  - { name: pets, url: ./pets.yaml }\nworkflows:\n  - workflowId: in-b\n    steps:\n      - { stepId: list, operationId: listPets }\n  - workflowId: back\n    steps:\n      - { stepId: call-a, workflowId: $sourceDescriptions.a.in-a }\n'),
      'pets.yaml': PETS_OPENAPI,
    });
    const loaded = await loadDocument(join(folder, 'a.arazzo.yaml'));
    expect(loaded.diagnostics).toEqual([]);
    const a = loaded.model!;
    const toB = a.workflows.get('in-a')!.steps[0]!.target;
    expect(toB.kind).toBe('workflow');
    if (toB.kind !== 'workflow') return;
    expect(toB.workflowId).toBe('in-b');
    const b = toB.document;
    expect(b.url).toBe(pathToFileURL(join(folder, 'b.arazzo.yaml')).href);
    expect(a.sources.get('b')).toMatchObject({ type: 'arazzo', name: 'b' });
    const back = b.workflows.get('back')!.steps[0]!.target;
    expect(back.kind === 'workflow' && back.document).toBe(a);
  });

  it('reports a workflow missing from an arazzo source', async () => {
    const folder = folderWith({
      'a.yaml': arazzo('sourceDescriptions:\n  - { name: b, url: ./b.yaml, type: arazzo }\nworkflows:\n  - workflowId: w\n    dependsOn: [$sourceDescriptions.b.nope]\n    steps:\n      - { stepId: s, workflowId: $sourceDescriptions.b.there }\n'),
      'b.yaml': arazzo('sourceDescriptions:\n  - { name: pets, url: ./pets.yaml }\nworkflows:\n  - workflowId: there\n    steps:\n      - { stepId: list, operationId: listPets }\n'),
      'pets.yaml': PETS_OPENAPI,
    });
    const diagnostics = await validateDocument(join(folder, 'a.yaml'));
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.message])).toEqual([
      ['depends-on-target', 7, "Workflow 'w' depends on '$sourceDescriptions.b.nope', but the Arazzo source 'b' has no workflow 'nope'."],
    ]);
  });

  it('reports problems inside a broken arazzo source with that file as source', async () => {
    const folder = folderWith({
      'a.yaml': arazzo('sourceDescriptions:\n  - { name: b, url: ./b.yaml, type: arazzo }\nworkflows:\n  - workflowId: w\n    steps:\n      - { stepId: s, workflowId: $sourceDescriptions.b.there }\n'),
      'b.yaml': arazzo('sourceDescriptions: []\nworkflows: []\n'),
    });
    const diagnostics = await validateDocument(join(folder, 'a.yaml'));
    expect(diagnostics.map((d) => [d.code, d.source?.endsWith('/b.yaml')])).toEqual([
      ['step-workflow-target', false],
      ['arazzo-schema', true],
      ['arazzo-schema', true],
    ]);
    expect(diagnostics[1]!.message).toBe("'sourceDescriptions' must have at least 1 item(s).");
  });
});

describe('loadDocument over http', () => {
  const requests: string[] = [];
  let server: Server;
  let base: string;
  const files: Record<string, string> = {
    '/api/flows/main.arazzo.yaml': arazzo('sourceDescriptions:\n  - { name: pets, url: ../specs/pets.yaml, type: openapi }\n  - { name: shared, url: ./shared.arazzo.yaml, type: arazzo }\nworkflows:\n  - workflowId: main\n    steps:\n      - { stepId: list, operationId: $sourceDescriptions.pets.listPets }\n      - { stepId: more, workflowId: $sourceDescriptions.shared.helper }\n'),
    '/api/flows/shared.arazzo.yaml': arazzo('sourceDescriptions:\n  - { name: pets, url: ../specs/pets.yaml }\nworkflows:\n  - workflowId: helper\n    steps:\n      - { stepId: list, operationId: listPets }\n'),
    '/api/specs/pets.yaml': PETS_OPENAPI,
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      const body = files[request.url ?? ''];
      response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/yaml' });
      response.end(body ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('resolves source urls relative to the document URL and reads each document once', async () => {
    const loaded = await loadDocument(`${base}/api/flows/main.arazzo.yaml`);
    expect(loaded.diagnostics).toEqual([]);
    expect([...requests].sort()).toEqual(['GET /api/flows/main.arazzo.yaml', 'GET /api/flows/shared.arazzo.yaml', 'GET /api/specs/pets.yaml']);
    const helper = loaded.model!.workflows.get('main')!.steps[1]!.target;
    expect(helper.kind === 'workflow' && helper.document.url).toBe(`${base}/api/flows/shared.arazzo.yaml`);
  });

  it('turns a 404 for a source into source-unreadable at its url', async () => {
    files['/api/flows/broken.arazzo.yaml'] = arazzo('sourceDescriptions:\n  - { name: gone, url: ./gone.yaml, type: openapi }\nworkflows:\n  - workflowId: w\n    steps:\n      - { stepId: s, operationId: listPets }\n');
    const diagnostics = await validateDocument(`${base}/api/flows/broken.arazzo.yaml`);
    expect(diagnostics.map((d) => [d.code, d.range?.start.line])).toEqual([['source-unreadable', 4]]);
    expect(diagnostics[0]!.message).toMatch(/404/);
  });
});
