import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/support/run-loom.js';
import { runLoomInProcess } from '../../../test/support/fake-context.js';
import { escapeData, escapeProperty } from '../src/reporters/lint-github-actions.js';

const fixtures = join(repoRoot, 'packages/engine/test/lint/fixtures');

/** A document whose one lint finding quotes a value with `%`, CR and LF, in a file whose name has `,` and `:`. */
const AWKWARD_NAME = 'odd,name:1.arazzo.yaml';
const AWKWARD = `arazzo: 1.0.1
info: { title: t, summary: s, description: d, version: 1.0.0 }
sourceDescriptions:
  - { name: pets, url: ./pets.openapi.yaml, type: openapi }
workflows:
  - workflowId: w
    summary: s
    description: d
    steps:
      - stepId: s
        description: d
        operationId: listPets
        parameters:
          - { name: limit, in: query, value: "$5%\\r\\nnext" }
`;

describe('GitHub workflow command escaping (@actions/core)', () => {
  it('data: %, CR and LF; properties: also : and ,', () => {
    expect(escapeData('50% done\r\nnext: a,b')).toBe('50%25 done%0D%0Anext: a,b');
    expect(escapeProperty('dir,x/a:b%.yaml')).toBe('dir%2Cx/a%3Ab%25.yaml');
  });
});

// Each process loads Spectral (a second or two on an idle machine), hence the longer timeout.
describe('loom lint: the Spectral output conventions (in process)', { timeout: 60_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loom-lint-conventions-'));
    for (const name of ['findings.arazzo.yaml', 'errors-elsewhere.arazzo.yaml', 'pets.openapi.yaml']) await cp(join(fixtures, name), join(dir, name));
    await writeFile(join(dir, AWKWARD_NAME), AWKWARD);
  });

  it('D51: --format github-actions: one workflow command per problem, escaped as GitHub reads them', async () => {
    const result = await runLoomInProcess(['lint', AWKWARD_NAME, '--format', 'github-actions'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      '::notice file=odd%2Cname%3A1.arazzo.yaml,line=14,col=46,endLine=14,endColumn=59,title=loom-literal-dollar-string::' +
        "'$5%25%0D%0Anext' is not a runtime expression; it is sent as the literal text (D22)\n",
    );
  });

  it('--format text: the Spectral text format, one line per problem: file:line:column severity code "message"', async () => {
    const result = await runLoomInProcess(['lint', AWKWARD_NAME, '-f', 'text'], { cwd: dir });
    expect(result.stdout).toBe(`${AWKWARD_NAME}:14:46 information loom-literal-dollar-string "'$5%\\r\\nnext' is not a runtime expression; it is sent as the literal text (D22)"\n`);
  });

  // Five Spectral loads at once on a shared two-core machine: a generous bound.
  it('D51: -F/--fail-severity is --fail-on by its Spectral name, with info and hint too', { timeout: 180_000 }, async () => {
    const cases: [string, string[]][] = [
      ['findings.arazzo.yaml', ['-F', 'error']],
      ['findings.arazzo.yaml', ['--fail-severity', 'warn']],
      // Only an info in this one: it fails from `info` down.
      [AWKWARD_NAME, ['-F', 'warn']],
      [AWKWARD_NAME, ['-F', 'info']],
      [AWKWARD_NAME, ['-F', 'hint']],
    ];
    const codes = await Promise.all(cases.map(async ([file, flags]) => (await runLoomInProcess(['lint', file, '-f', 'text', ...flags], { cwd: dir })).code));
    expect(codes).toEqual([0, 1, 0, 1, 1]);
  });

  it('D51: --quiet: errors only; warnings are neither printed nor counted', async () => {
    const warningsOnly = await runLoomInProcess(['lint', 'findings.arazzo.yaml', '--quiet', '-F', 'warn'], { cwd: dir });
    expect(warningsOnly.stdout).toBe('✔ 1 document: no problems\n');
    expect(warningsOnly.code).toBe(0);
    const withErrors = await runLoomInProcess(['lint', 'errors-elsewhere.arazzo.yaml', '-q', '--format', 'json'], { cwd: dir });
    expect(withErrors.code).toBe(1);
    const severities = (JSON.parse(withErrors.stdout) as { severity: number }[]).map((found) => found.severity);
    expect(severities.length).toBeGreaterThan(0);
    expect(new Set(severities)).toEqual(new Set([0]));
  });

  it('D51: the rule id is the code in every format, never inside the message', async () => {
    const formats = ['stylish', 'text', 'json', 'junit', 'sarif', 'github-actions'];
    const outputs = await Promise.all(formats.map((format) => runLoomInProcess(['lint', 'errors-elsewhere.arazzo.yaml', '--format', format], { cwd: dir })));
    for (const [index, output] of outputs.entries()) {
      // Loom used to append ` [operation-unresolved]` and the like to its validation messages.
      expect(output.stdout, formats[index]).not.toMatch(/\[(expression|operation|source|goto|arazzo|step|component)-[a-z-]+\]/);
      expect(output.stdout, formats[index]).toContain('goto-target');
    }
    const sarif = JSON.parse(outputs[4]!.stdout) as { runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } } }[] };
    // An engine rule id is described by the Loom rule that reports it.
    expect(sarif.runs[0]!.tool.driver.rules.find((rule) => rule.id === 'goto-target')!.shortDescription.text).toMatch(/rules the schema cannot express/);
  });
});
