import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseText } from '../../packages/engine/src/index.js';
import { type LoomResult } from '../support/run-loom.js';
import { runLoomInProcess } from '../support/fake-context.js';

/**
 * A document nested 2,000 levels deep crashed `loom lint` and gave yaml's "Maximum call stack
 * size exceeded" as a syntax error in `loom validate`. The loader now refuses a text nested more
 * than 500 levels, before anything recursive runs on it, with one error where the limit is
 * crossed, the same in every command (DECISIONS D38).
 */
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'loom-deep-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const OPENAPI = `openapi: 3.1.0
info: { title: api, version: 1.0.0 }
servers: [{ url: 'http://127.0.0.1:9' }]
paths:
  /x:
    post:
      operationId: op
      responses:
        '200': { description: ok }
components:
  schemas:
    S0: { type: object }
`;

function arazzo(extra = ''): string {
  return `arazzo: 1.0.1
info: { title: deep, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: w
    steps:
      - stepId: s
        operationId: op
        successCriteria:
          - condition: $statusCode == 200
${extra}`;
}

/** `[[[...1...]]]`, `levels` arrays deep. */
const nested = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;

function workspace(files: Record<string, string>): string {
  const folder = mkdtempSync(join(scratch, 'case-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

const commands = [
  { args: ['validate'], code: 1 },
  // lint: a document that does not parse is "errors found" in its exit-code contract.
  { args: ['lint', '--format', 'json'], code: 1 },
  { args: ['list'], code: 2 },
  { args: ['run'], code: 2 },
] as const;

/** Runs every command on `file` in `folder` (concurrently: each is a process). */
function runAll(folder: string, file: string): Promise<LoomResult[]> {
  return Promise.all(commands.map((command) => runLoomInProcess([command.args[0], file, ...command.args.slice(1)], { cwd: folder })));
}

/** The one error each command prints, as `file:line:column`. */
function errorLocations(result: LoomResult, command: (typeof commands)[number]): string[] {
  if (command.args[0] === 'lint') {
    // DECISIONS D51: Spectral's JSON results, 0-based, severity 0 an error, the file's absolute path as source.
    const results = JSON.parse(result.stdout) as { source: string; range: { start: { line: number; character: number } }; severity: number; message: string }[];
    return results.filter((d) => d.severity === 0).map((d) => `${d.source}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
  }
  return (result.stdout + result.stderr).split('\n').filter((line) => / {2}error {2}/.test(line));
}

function expectNoCrash(result: LoomResult): void {
  expect(result.stdout + result.stderr).not.toMatch(/Maximum call stack|internal error|\n\s+at /);
}

describe('deeply nested documents', { timeout: 120_000 }, () => {
  it('D38: a 2,000-level Arazzo document: validate, lint, list and run give one clear error at the crossing', async () => {
    // x-deep's value starts at column 9 of line 12; the root mapping is level 1, so the
    // 500th `[` (column 9 + 499) opens level 501.
    const folder = workspace({ 'flow.arazzo.yaml': arazzo(`x-deep: ${nested(2000)}\n`), 'api.openapi.yaml': OPENAPI });
    const results = await runAll(folder, 'flow.arazzo.yaml');
    results.forEach((result, index) => {
      const command = commands[index]!;
      expect(result.code, command.args[0]).toBe(command.code);
      expectNoCrash(result);
      const errors = errorLocations(result, command);
      expect(errors, command.args[0]).toHaveLength(1);
      expect(errors[0], command.args[0]).toMatch(/flow\.arazzo\.yaml:12:508 .*nests objects and arrays more than 500 levels deep/i);
    });
  });

  it('D38: a deep OpenAPI source: every command reports it at its place in the OpenAPI file', async () => {
    const deepApi = OPENAPI.replace('S0: { type: object }', `S0: { type: object, x-deep: ${nested(2000)} }`);
    const folder = workspace({ 'flow.arazzo.yaml': arazzo(), 'api.openapi.yaml': deepApi });
    const results = await runAll(folder, 'flow.arazzo.yaml');
    results.forEach((result, index) => {
      const command = commands[index]!;
      expect(result.code, command.args[0]).toBe(command.code);
      expectNoCrash(result);
      const errors = errorLocations(result, command);
      expect(errors, command.args[0]).toHaveLength(1);
      // Levels: root, components, schemas, S0, then the arrays: the 497th `[` opens level 501.
      const column = '    S0: { type: object, x-deep: '.length + 497;
      expect(errors[0], command.args[0]).toMatch(new RegExp(`api\\.openapi\\.yaml:12:${column}\\b.*more than 500 levels deep`));
    });
  });

  it('D38: a document at the limit is read by every command', async () => {
    // Root mapping, then 499 arrays: 500 levels.
    const folder = workspace({ 'flow.arazzo.yaml': arazzo(`x-deep: ${nested(499)}\n`), 'api.openapi.yaml': OPENAPI });
    const [validate, lint] = await Promise.all([runLoomInProcess(['validate', 'flow.arazzo.yaml'], { cwd: folder }), runLoomInProcess(['lint', 'flow.arazzo.yaml', '--format', 'json'], { cwd: folder })]);
    expect(validate.code).toBe(0);
    expect(lint.code).toBe(0);
    expectNoCrash(lint);
  });
});

describe('parseText depth limit (D38)', () => {
  it('100,000 nested brackets are refused at the crossing without parsing the rest', () => {
    const started = performance.now();
    const parsed = parseText(`a: ${nested(100_000)}\n`, 'file:///deep.yaml');
    // yaml's parser alone took seconds on this text; a generous bound for a loaded machine.
    expect(performance.now() - started).toBeLessThan(1500);
    expect(parsed.data).toBeUndefined();
    expect(parsed.diagnostics).toEqual([expect.objectContaining({ code: 'syntax', range: expect.objectContaining({ start: { line: 1, column: 503, offset: 502 } }) })]);
  });

  it('block mappings count like flow collections', () => {
    let text = '';
    for (let level = 0; level < 600; level++) text += `${' '.repeat(level)}a:\n`;
    const parsed = parseText(`${text}${' '.repeat(600)}b: 1\n`, 'file:///block.yaml');
    expect(parsed.data).toBeUndefined();
    // Level 501 is the mapping on line 501, at column 501.
    expect(parsed.diagnostics).toEqual([expect.objectContaining({ message: expect.stringMatching(/more than 500 levels deep/), range: expect.objectContaining({ start: expect.objectContaining({ line: 501, column: 501 }) }) })]);
  });

  it('aliases that nest anchored trees inside each other are measured in the data', () => {
    // Each anchor holds 200 arrays and the previous anchor: 1,000 levels once expanded.
    let text = `x0: &a0 ${nested(200)}\n`;
    for (let index = 1; index < 5; index++) text += `x${index}: &a${index} ${'['.repeat(200)}*a${index - 1}${']'.repeat(200)}\n`;
    const parsed = parseText(text, 'file:///aliases.yaml');
    expect(parsed.data).toBeUndefined();
    expect(parsed.diagnostics).toEqual([expect.objectContaining({ code: 'syntax', message: expect.stringMatching(/more than 500 levels deep through its aliases/) })]);
  });

  it('an alias inside its own anchor (a cyclic document) is refused, not walked forever', () => {
    const parsed = parseText('a: &a { b: *a }\n', 'file:///cycle.yaml');
    expect(parsed.data).toBeUndefined();
    expect(parsed.diagnostics).toEqual([expect.objectContaining({ code: 'syntax', message: expect.stringMatching(/through its aliases/) })]);
  });
});
