/**
 * `loom fix` on a document written in the dialect of real documents (DECISIONS D24):
 * the fixed document validates with no dialect warning, its comments and layout
 * survive, and a second run changes nothing.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/run-loom.js';
import { runLoomInProcess } from './support/fake-context.js';

const DIALECT_RULES = ['expression-dot-path', 'expression-double-quoted-string', 'operation-path-url', 'expression-missing-outputs'];

interface ValidateJson {
  readonly diagnostics: readonly { readonly code: string; readonly severity: string }[];
}

describe('loom fix: the dialect forms, round trip', () => {
  let dir: string;
  let original: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loom-fix-dialect-'));
    await cp(join(repoRoot, 'test/fixtures/dialect'), dir, { recursive: true });
    original = await readFile(join(dir, 'dialect.arazzo.yaml'), 'utf8');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const validate = async () => {
    const result = await runLoomInProcess(['validate', 'dialect.arazzo.yaml', '--format', 'json'], { cwd: dir });
    return { code: result.code, report: JSON.parse(result.stdout) as ValidateJson };
  };

  it('before: every dialect form is reported, each with its own rule', async () => {
    const { code, report } = await validate();
    expect(code).toBe(1); // the missing .outputs. is an error
    const codes = report.diagnostics.map((diagnostic) => diagnostic.code);
    for (const rule of DIALECT_RULES) expect(codes).toContain(rule);
  });

  it('after loom fix: valid with no dialect diagnostic, comments and layout kept; a second run changes nothing', async () => {
    const fixed = await runLoomInProcess(['fix', 'dialect.arazzo.yaml'], { cwd: dir });
    expect(fixed.code, fixed.stderr + fixed.stdout).toBe(0);
    const { code, report } = await validate();
    expect(code).toBe(0);
    expect(report.diagnostics).toEqual([]);

    const text = await readFile(join(dir, 'dialect.arazzo.yaml'), 'utf8');
    const comments = (source: string) => source.split('\n').flatMap((line) => /(#\s.*)$/.exec(line)?.[1] ?? []);
    expect(comments(text)).toEqual(comments(original));
    expect(text.split('\n')).toHaveLength(original.split('\n').length);
    expect(text).toContain("ownerEmail: $inputs.owner#/email   # dot path into an input");
    expect(text).toContain("$response.body#/status == 'available'");
    expect(text).toContain("id: '$response.body#/data/id'");
    expect(text).toContain('operationPath: "{$sourceDescriptions.pets.url}#/paths/~1pets~1{id}/get"');
    expect(text).toContain('ownerEmail: $steps.create.outputs.pet#/owner/email');

    const again = await runLoomInProcess(['fix', 'dialect.arazzo.yaml'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(await readFile(join(dir, 'dialect.arazzo.yaml'), 'utf8')).toBe(text);
  });
});
