import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../src/index.js';
import { LoadSession } from '../../src/loader/load-session.js';
import { buildModel } from '../../src/model/build-model.js';
import { resolveStepOperations } from '../../src/validate/resolve-step-operations.js';
import type { OpenApiOperation } from '../../src/sources/types.js';

const PETS_OPENAPI = `openapi: 3.1.0
info: { title: Pets, version: '1' }
paths:
  /pets:
    get:
      operationId: listPets
      responses: { '200': { description: ok } }
`;

const FLOW = `arazzo: 1.0.1
info: { title: Stages, version: '1' }
sourceDescriptions:
  - { name: pets, url: ./pets.yaml, type: openapi }
workflows:
  - workflowId: w
    steps:
      - { stepId: s, operationId: listPets }
`;

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'loom-stages-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

/** The relative imports of every module in a folder of the engine's src. */
function importsOf(folder: string): string[] {
  const root = fileURLToPath(new URL(`../../src/${folder}/`, import.meta.url));
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => [...readFileSync(join(root, file), 'utf8').matchAll(/from '(\.[^']+)'/g)].map((match) => `${file}: ${match[1]}`));
}

describe('a load in stages: read -> validate -> model -> compile', () => {
  it('loader/ reads documents only: it imports nothing of runner/ (compiling is the orchestrator\'s)', () => {
    expect(importsOf('loader').filter((line) => line.includes('runner/'))).toEqual([]);
  });

  it('resolveStepOperations returns the operations it resolved and leaves the document node as read', async () => {
    const folder = folderWith({ 'pets.yaml': PETS_OPENAPI, 'flow.yaml': FLOW });
    const session = new LoadSession({ loadSources: true });
    const root = await session.loadRoot(`file://${join(folder, 'flow.yaml')}`);
    const before = Object.keys(root);
    const resolved = resolveStepOperations(root);
    expect(resolved.diagnostics).toEqual([]);
    expect([...resolved.operations.keys()]).toEqual(['0/0']);
    expect(resolved.operations.get('0/0')?.operationId).toBe('listPets');
    expect(Object.keys(root)).toEqual(before);
    expect('operations' in root).toBe(false);
  });

  it('buildModel takes the step operations as an argument: the model needs no validator to have run', async () => {
    const folder = folderWith({ 'pets.yaml': PETS_OPENAPI, 'flow.yaml': FLOW });
    const session = new LoadSession({ loadSources: true });
    const root = await session.loadRoot(`file://${join(folder, 'flow.yaml')}`);
    const operation = resolveStepOperations(root).operations.get('0/0') as OpenApiOperation;
    const model = buildModel(root as Parameters<typeof buildModel>[0], new Map([[root, new Map([['0/0', operation]])]]));
    const step = model.workflows.get('w')!.steps[0]!;
    expect(step.target.kind === 'operation' && step.target.operation).toBe(operation);
  });

  it('LoadedDocument.document is typed as an Arazzo document only once the schema has passed', async () => {
    const folder = folderWith({ 'pets.yaml': PETS_OPENAPI, 'flow.yaml': FLOW, 'bad.yaml': FLOW.replace('steps:', 'stepz:') });
    const valid = await loadDocument(join(folder, 'flow.yaml'));
    expect(valid.schemaValid).toBe(true);
    if (valid.schemaValid) expect(valid.document.workflows[0]!.workflowId).toBe('w');
    const invalid = await loadDocument(join(folder, 'bad.yaml'));
    expect(invalid.schemaValid).toBe(false);
    expect(invalid.diagnostics.map((diagnostic) => diagnostic.code)).toContain('arazzo-schema');
    // The data the schema rejected is still there (lint and the partial model read it), as `unknown`.
    expect((invalid.document as { workflows: { workflowId: string }[] }).workflows[0]!.workflowId).toBe('w');
    if (!invalid.schemaValid) {
      // @ts-expect-error a document that failed the schema is not typed as an Arazzo document
      expect(invalid.document.workflows).toBeDefined();
    }
  });
});
