import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../packages/engine/src/index.js';

/**
 * An output whose value is no runtime expression (Arazzo 1.0.1: it MUST be one) passed `loom validate`,
 * with or without sources, and ran as a constant; only Spectral's rule in `loom lint` flagged it.
 * DECISIONS D44: it is an error, found the same way with and without the sources.
 */

const OPENAPI = `openapi: 3.0.3
info: { title: pets, version: '1' }
paths:
  /pets:
    get:
      operationId: listPets
      responses: { '200': { description: ok } }
`;

const ARAZZO = `arazzo: 1.0.1
info: { title: literal outputs, version: '1' }
sourceDescriptions:
  - { name: pets, url: ./pets.openapi.yaml, type: openapi }
workflows:
  - workflowId: w
    steps:
      - stepId: list
        operationId: listPets
        outputs:
          count: $response.body#/count
          label: 'pets'
    outputs:
      count: $steps.list.outputs.count
      source: petstore
`;

describe('D44: output values that are not expressions', () => {
  it('D44: a literal output is an error at the value, with and without sources alike', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loom-output-literal-'));
    await writeFile(join(dir, 'pets.openapi.yaml'), OPENAPI);
    await writeFile(join(dir, 'flow.arazzo.yaml'), ARAZZO);
    const seen = [];
    for (const loadSources of [true, false]) {
      const { diagnostics, model } = await loadDocument(join(dir, 'flow.arazzo.yaml'), { loadSources });
      expect(model).toBeUndefined();
      seen.push(diagnostics.map((d) => ({ code: d.code, severity: d.severity, path: d.path, line: d.range?.start.line, column: d.range?.start.column })));
    }
    expect(seen[0]).toEqual([
      { code: 'expression-output-literal', severity: 'error', path: '/workflows/0/steps/0/outputs/label', line: 12, column: 18 },
      { code: 'expression-output-literal', severity: 'error', path: '/workflows/0/outputs/source', line: 15, column: 15 },
    ]);
    expect(seen[1]).toEqual(seen[0]);
  });
});
