import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoom } from './support/run-loom.js';

/**
 * `loom lint` placed Loom's results where Spectral places any result, at the start of the value,
 * while `loom validate` points at the character in error inside the string (13:24 against 13:66; 15:18 against 15:27).
 * The same problem is now at the same line and column in both.
 */
const DOCUMENT = `arazzo: 1.0.1
info: { title: t, version: 1.0.0 }
sourceDescriptions:
  - name: api
    url: ./api.yaml
    type: openapi
workflows:
  - workflowId: w
    steps:
      - stepId: s
        operationPath: '{$sourceDescriptions.api.url}#/paths/~1x/get'
        successCriteria:
          - condition: $statusCode == 200 && $response.body#/a ==
        outputs:
          other: 'prefix {$steps.nope.outputs.x} suffix'
`;
const API = `openapi: 3.1.0
info: { title: a, version: '1' }
paths:
  /x:
    get: { responses: { '200': { description: ok } } }
`;

describe('validate and lint report a problem at the same line and column', () => {
  it('expression problems inside strings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loom-positions-'));
    try {
      await writeFile(join(dir, 'a.arazzo.yaml'), DOCUMENT);
      await writeFile(join(dir, 'api.yaml'), API);
      const validate = await runLoom(['validate', '--format', 'json', 'a.arazzo.yaml'], { cwd: dir });
      const lint = await runLoom(['lint', '--format', 'json', 'a.arazzo.yaml'], { cwd: dir });
      type Found = { code: string; message: string; line: number; column: number };
      const validated = (JSON.parse(validate.stdout) as { diagnostics: Found[] }).diagnostics.filter((found) => found.code.startsWith('expression-'));
      const linted = (JSON.parse(lint.stdout) as { diagnostics: Found[] }).diagnostics.filter((found) => found.code === 'loom-expressions');
      expect(validated.length).toBeGreaterThanOrEqual(2);
      expect(validated.map((found) => found.column).some((column) => column > 20)).toBe(true);
      expect(linted.map((found) => `${found.line}:${found.column}`).sort()).toEqual(validated.map((found) => `${found.line}:${found.column}`).sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
