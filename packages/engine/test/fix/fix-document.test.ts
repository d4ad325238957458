import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixDocument, validateDocument } from '../../src/index.js';

const sources = fileURLToPath(new URL('../fixtures/sources/', import.meta.url));

/** A folder with the pets and more-pets OpenAPI files and `document` as flow.arazzo.yaml. */
function folderWith(document: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'loom-fix-'));
  copyFileSync(join(sources, 'pets.openapi.yaml'), join(folder, 'pets.openapi.yaml'));
  copyFileSync(join(sources, 'more-pets.openapi.yaml'), join(folder, 'more-pets.openapi.yaml'));
  writeFileSync(join(folder, 'flow.arazzo.yaml'), document);
  return join(folder, 'flow.arazzo.yaml');
}

const TWO_SOURCES = `arazzo: 1.0.1
info: { title: Two sources, version: '1' }
sourceDescriptions:
  - { name: pets, url: ./pets.openapi.yaml, type: openapi }
  - { name: more, url: ./more-pets.openapi.yaml, type: openapi }
workflows:
  - workflowId: main
    steps:
      # getPet is only in pets, adoptPet only in more
      - stepId: one
        operationId: getPet   # bare
        parameters:
          - { name: petId, in: path, value: 1 }
      - stepId: two
        operationId: 'adoptPet'
`;

describe('fixDocument', () => {
  it('qualifies a bare operationId that only one of several OpenAPI sources defines (operation-unqualified)', async () => {
    const file = folderWith(TWO_SOURCES);
    const before = await validateDocument(file);
    const warning = before.find((diagnostic) => diagnostic.code === 'operation-unqualified' && diagnostic.path === '/workflows/0/steps/0/operationId');
    expect(warning?.fix).toEqual({ description: 'write $sourceDescriptions.pets.getPet', start: 0, end: 6, text: '$sourceDescriptions.pets.getPet' });

    const fixed = await fixDocument(file);
    expect(fixed.applied.map((diagnostic) => diagnostic.code)).toEqual(['operation-unqualified', 'operation-unqualified']);
    expect(fixed.text).toBe(
      TWO_SOURCES.replace('operationId: getPet   # bare', 'operationId: $sourceDescriptions.pets.getPet   # bare').replace("operationId: 'adoptPet'", "operationId: '$sourceDescriptions.more.adoptPet'"),
    );
    expect(fixed.diagnostics.filter((diagnostic) => diagnostic.code === 'operation-unqualified')).toEqual([]);
    // fixDocument writes nothing.
    expect(readFileSync(file, 'utf8')).toBe(TWO_SOURCES);
  });

  it('leaves a bare operationId found in more than one source alone (operation-ambiguous has no certain fix)', async () => {
    const fixed = await fixDocument(folderWith(TWO_SOURCES.replace('operationId: getPet', 'operationId: listPets')));
    expect(fixed.applied.map((diagnostic) => diagnostic.path)).toEqual(['/workflows/0/steps/1/operationId']);
    expect(fixed.diagnostics.some((diagnostic) => diagnostic.code === 'operation-ambiguous')).toBe(true);
  });

  it('offers no fix while a source failed to load: the id may be defined there too', async () => {
    const document = TWO_SOURCES.replace(
      '  - { name: more, url: ./more-pets.openapi.yaml, type: openapi }',
      '  - { name: more, url: ./more-pets.openapi.yaml, type: openapi }\n  - { name: gone, url: ./missing.openapi.yaml, type: openapi }',
    );
    const diagnostics = await validateDocument(folderWith(document));
    const unqualified = diagnostics.filter((diagnostic) => diagnostic.code === 'operation-unqualified');
    expect(unqualified).toHaveLength(2);
    expect(unqualified.every((diagnostic) => diagnostic.fix === undefined)).toBe(true);
  });

  it('checks a text in hand instead of the file (LoadOptions.text), with references placed from the file URL', async () => {
    const file = folderWith(TWO_SOURCES);
    const diagnostics = await validateDocument(file, { text: TWO_SOURCES.replace('operationId: getPet', 'operationId: $sourceDescriptions.pets.getPet') });
    expect(diagnostics.filter((diagnostic) => diagnostic.code === 'operation-unqualified').map((diagnostic) => diagnostic.path)).toEqual(['/workflows/0/steps/1/operationId']);
  });

  it('D49: a fixed document has nothing left to fix: a second run changes nothing', async () => {
    const file = folderWith(TWO_SOURCES);
    const first = await fixDocument(file);
    writeFileSync(file, first.text);
    const second = await fixDocument(file);
    expect(second.applied).toEqual([]);
    expect(second.text).toBe(first.text);
  });
});
