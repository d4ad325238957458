import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../packages/engine/src/index.js';
import { runLoomInProcess } from '../support/fake-context.js';

/**
 * An operationPath is a URL and a JSON Pointer, not a runtime expression. It was read as a
 * template: an unclosed brace became `expression-syntax` (and the operation resolved anyway), an
 * unknown source name was reported twice (`expression-unknown-source` and
 * `operation-source-unknown`), and with `--no-sources` a malformed one was not reported at all.
 */

const OPENAPI = `openapi: 3.0.3
info: { title: pets, version: '1' }
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      responses: { '200': { description: ok } }
`;

// Each case: the operationPath as written (quoted in YAML) and the code and 1-based column of its one problem.
const CASES = [
  { path: '{$sourceDescriptions.pets.url#/paths/~1pets~1{petId}/get', code: 'operation-path-format', column: 30 },
  { path: '{$sourceDescriptions.pets.url}/paths/~1pets~1{petId}/get', code: 'operation-path-format', column: 31 },
  { path: '{$sourceDescriptions.pets.url}#/paths/~2pets/get', code: 'operation-path-format', column: 39 },
  { path: '{$sourceDescriptions.petz.url}#/paths/~1pets~1{petId}/get', code: 'operation-source-unknown', column: 22 },
  { path: '{$sourceDescriptions.pets.url}#', code: 'operation-path-format', column: 32 },
] as const;

const STEP_LINE = 11; // the first step's operationPath line; each step takes two lines
const INDENT = '        operationPath: '.length;

const ARAZZO = `arazzo: 1.0.1
info: { title: operation paths, version: '1' }
sourceDescriptions:
  - name: pets
    url: ./pets.openapi.yaml
    type: openapi
workflows:
  - workflowId: w
    steps:
${CASES.map((item, index) => `      - stepId: s${index}\n        operationPath: '${item.path}'`).join('\n')}
`;

async function workspace(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'loom-operation-path-'));
  await writeFile(join(dir, 'pets.openapi.yaml'), OPENAPI);
  await writeFile(join(dir, 'flow.arazzo.yaml'), ARAZZO);
  return dir;
}

// Line and column in the file: the value starts after the key and its opening quote.
const expected = CASES.map((item, index) => ({ code: item.code, line: STEP_LINE + 2 * index, column: INDENT + 1 + item.column }));

describe('a malformed operationPath is reported once, by the operation-path rule', () => {
  it.each([true, false])('loadSources %s: one diagnostic per step, at the character in error', async (loadSources) => {
    const dir = await workspace();
    const { diagnostics } = await loadDocument(join(dir, 'flow.arazzo.yaml'), { loadSources });
    expect(diagnostics.map((d) => ({ code: d.code, line: d.range?.start.line, column: d.range?.start.column }))).toEqual(expected);
    for (const diagnostic of diagnostics) expect(diagnostic.code).not.toMatch(/^expression-/);
  });

  it('loom validate --no-sources reports each one once, with the expected form', async () => {
    const dir = await workspace();
    const result = await runLoomInProcess(['validate', '--no-sources', join(dir, 'flow.arazzo.yaml')]);
    expect(result.code).toBe(1);
    const problems = result.stdout.split('\n').filter((line) => / error /.test(line));
    expect(problems.map((line) => /:(\d+):(\d+)\s+error\s+(\S+)/.exec(line)!.slice(1))).toEqual(expected.map((item) => [String(item.line), String(item.column), item.code]));
    expect(problems[0]).toContain('write {$sourceDescriptions.<name>.url}#<JSON Pointer>');
  });
});
