import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../packages/engine/src/index.js';

/**
 * `operationId: $sourceDescriptions.petz.getPet` naming no source description was reported twice
 * when the sources loaded: by the expression check (`expression-unknown-source`) and by the
 * operation resolver (`operation-source-unknown`). It is one problem, told once, as without sources.
 */
describe('a qualified operationId naming no source description', () => {
  it('is reported once, the same with and without sources', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loom-operation-source-'));
    await writeFile(join(dir, 'pets.openapi.yaml'), "openapi: 3.0.3\ninfo: { title: pets, version: '1' }\npaths:\n  /pets:\n    get:\n      operationId: getPet\n      responses: { '200': { description: ok } }\n");
    await writeFile(
      join(dir, 'flow.arazzo.yaml'),
      "arazzo: 1.0.1\ninfo: { title: t, version: '1' }\nsourceDescriptions:\n  - { name: pets, url: ./pets.openapi.yaml, type: openapi }\nworkflows:\n  - workflowId: w\n    steps:\n      - stepId: a\n        operationId: $sourceDescriptions.petz.getPet\n",
    );
    for (const loadSources of [true, false]) {
      const { diagnostics } = await loadDocument(join(dir, 'flow.arazzo.yaml'), { loadSources });
      expect(diagnostics.map((d) => [d.code, d.path, d.range?.start.line, d.range?.start.column]), `loadSources ${loadSources}`).toEqual([
        ['expression-unknown-source', '/workflows/0/steps/0/operationId', 9, 22],
      ]);
    }
  });
});
