import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoomInProcess } from './support/fake-context.js';

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

/**
 * Problems that one of Spectral's own Arazzo rules reports too (arazzo-step-output-validation,
 * arazzo-workflow-output-validation, arazzo-step-success-actions-validation, arazzo-workflow-stepId-unique,
 * arazzo-workflowId-unique, arazzo-workflow-depends-on-validation): lint printed each twice, Spectral's
 * result at the value's start beside Loom's (DECISIONS D50).
 */
const RESTATED = `arazzo: 1.0.1
info: { title: t, summary: s, description: d, version: 1.0.0 }
sourceDescriptions:
  - name: api
    url: ./api.yaml
    type: openapi
workflows:
  - workflowId: w
    summary: s
    description: d
    dependsOn: [nope]
    steps:
      - stepId: s
        description: d
        operationPath: '{$sourceDescriptions.api.url}#/paths/~1x/get'
        outputs:
          bad name: $response.body
          ok: $steps.zz.outputs.x
        onSuccess:
          - { name: g, type: goto, stepId: zz }
          - { name: g, type: end }
      - stepId: s
        description: d
        operationPath: '{$sourceDescriptions.api.url}#/paths/~1x/get'
    outputs:
      'bad key': $steps.s.outputs.ok
  - workflowId: w
    summary: s
    description: d
    steps:
      - stepId: x
        description: d
        operationPath: '{$sourceDescriptions.api.url}#/paths/~1x/get'
`;

interface Validated {
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}
interface Linted {
  readonly code: string;
  readonly message: string;
  readonly severity: number;
  readonly range: { readonly start: { readonly line: number; readonly character: number } };
}

/** `loom validate`'s and `loom lint`'s errors for one document, each as `line:column code message`. */
async function errorsOf(document: string): Promise<{ validated: string[]; linted: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'loom-positions-'));
  try {
    await writeFile(join(dir, 'a.arazzo.yaml'), document);
    await writeFile(join(dir, 'api.yaml'), API);
    const [validate, lint] = await Promise.all([
      runLoomInProcess(['validate', '--format', 'json', 'a.arazzo.yaml'], { cwd: dir }),
      runLoomInProcess(['lint', '--format', 'json', 'a.arazzo.yaml'], { cwd: dir }),
    ]);
    const validated = (JSON.parse(validate.stdout) as { diagnostics: Validated[] }).diagnostics.map((found) => `${found.line}:${found.column} ${found.code} ${found.message}`);
    // DECISIONS D51: Spectral's JSON shape, 0-based; severity 0 is an error.
    const linted = (JSON.parse(lint.stdout) as Linted[])
      .filter((found) => found.severity === 0)
      .map((found) => `${found.range.start.line + 1}:${found.range.start.character + 1} ${found.code} ${found.message}`);
    return { validated: validated.sort(), linted: linted.sort() };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('validate and lint report a problem at the same line and column, with the same code', () => {
  it('expression problems inside strings', async () => {
    const { validated, linted } = await errorsOf(DOCUMENT);
    expect(validated.length).toBeGreaterThanOrEqual(2);
    expect(validated.some((found) => Number(found.split(/[: ]/)[1]) > 20)).toBe(true);
    expect(linted).toEqual(validated);
  }, 60_000);

  it('D50: problems a Spectral Arazzo rule reports too are reported once, as loom validate reports them', async () => {
    const { validated, linted } = await errorsOf(RESTATED);
    expect(validated.map((found) => found.split(' ')[1])).toEqual([
      'depends-on-target',
      'output-name',
      'expression-unknown-step',
      'goto-target',
      'action-name-unique',
      'step-id-unique',
      'output-name',
      'workflow-id-unique',
    ]);
    expect(linted).toEqual(validated);
  }, 60_000);
});
