import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintDocument, loadDocument } from '../../packages/engine/src/index.js';

/**
 * The ref resolver shares one object per target. Thirty schemas that each reference the next
 * one twice resolve to thirty objects, but expand to 2^30 nodes as a tree: the
 * request-body-schema lint handed that to ajv, which compiles trees, and `loom lint` hung on a
 * 40-line OpenAPI file. Such a schema is now not compiled (the check is skipped for it).
 */
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'loom-shared-schemas-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function doublingSchemas(levels: number): string {
  let text = `openapi: 3.1.0
info: { title: api, version: 1.0.0 }
servers: [{ url: 'http://127.0.0.1:9' }]
paths:
  /x:
    post:
      operationId: op
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/S0' }
      responses:
        '200': { description: ok }
components:
  schemas:
`;
  for (let index = 0; index < levels; index++) {
    const next = `{ $ref: '#/components/schemas/S${index + 1}' }`;
    text += `    S${index}: { type: object, properties: { a: ${next}, b: ${next} } }\n`;
  }
  return `${text}    S${levels}: { type: string }\n`;
}

const ARAZZO = `arazzo: 1.0.1
info: { title: shared, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: w
    steps:
      - stepId: s
        operationId: op
        requestBody:
          contentType: application/json
          payload: { a: { a: 1 } }
`;

describe('request-body-schema lint on schemas that share subtrees', () => {
  it('a schema that expands to 2^30 nodes is not compiled; lint ends', async () => {
    const folder = mkdtempSync(join(scratch, 'case-'));
    writeFileSync(join(folder, 'api.openapi.yaml'), doublingSchemas(30));
    writeFileSync(join(folder, 'flow.arazzo.yaml'), ARAZZO);
    const loaded = await loadDocument(join(folder, 'flow.arazzo.yaml'));
    expect(loaded.diagnostics).toEqual([]);
    expect(lintDocument(loaded).filter((diagnostic) => diagnostic.code === 'request-body-schema')).toEqual([]);
  });

  it('a small shared schema is still checked', async () => {
    const folder = mkdtempSync(join(scratch, 'case-'));
    writeFileSync(join(folder, 'api.openapi.yaml'), doublingSchemas(3));
    writeFileSync(join(folder, 'flow.arazzo.yaml'), ARAZZO);
    const loaded = await loadDocument(join(folder, 'flow.arazzo.yaml'));
    // a.a must be an object (S2), not 1.
    expect(lintDocument(loaded).filter((diagnostic) => diagnostic.code === 'request-body-schema').map((diagnostic) => diagnostic.message)).toEqual([
      expect.stringMatching(/payload \/a\/a must be object/),
    ]);
  });
});
