import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/support/run-loom.js';
import { runLoomInProcess } from '../../../test/support/fake-context.js';

const fixtures = join(repoRoot, 'packages/engine/test/lint/fixtures');

// Each process loads Spectral (a second or two on an idle machine), hence the longer timeout.
describe('loom lint (in process)', { timeout: 60_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    // Files in a folder of their own, linted from there, so paths in the output are stable.
    dir = await mkdtemp(join(tmpdir(), 'loom-lint-'));
    for (const name of ['findings.arazzo.yaml', 'valid.arazzo.yaml', 'pets.openapi.yaml']) await cp(join(fixtures, name), join(dir, name));
  });

  it('a valid document: no problems, exit 0', async () => {
    const result = await runLoomInProcess(['lint', 'valid.arazzo.yaml'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('✔ 1 document: no problems\n');
    expect(result.code).toBe(0);
  });

  it('stylish: grouped by file with the offending line; warnings only -> exit 0, with --fail-on warn -> 1', async () => {
    const result = await runLoomInProcess(['lint', 'findings.arazzo.yaml'], { cwd: dir });
    expect(result.code).toBe(0);
    await expect(result.stdout).toMatchFileSnapshot('./__snapshots__/lint-stylish.txt');
    expect((await runLoomInProcess(['lint', 'findings.arazzo.yaml', '--fail-on', 'warn'], { cwd: dir })).code).toBe(1);
  });

  it('junit and sarif outputs', async () => {
    const [junit, sarif] = await Promise.all([
      runLoomInProcess(['lint', 'findings.arazzo.yaml', 'valid.arazzo.yaml', '--format', 'junit'], { cwd: dir }),
      runLoomInProcess(['lint', 'findings.arazzo.yaml', '--format', 'sarif'], { cwd: dir }),
    ]);
    await expect(junit.stdout).toMatchFileSnapshot('./__snapshots__/lint-junit.xml');
    const log = JSON.parse(sarif.stdout) as { version: string; runs: { results: { ruleId: string; level: string }[] }[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.results.find((result) => result.ruleId === 'loom-literal-dollar-string')!.level).toBe('note');
    await expect(sarif.stdout.replace(/"version": "\d+\.\d+\.\d+"/, '"version": "<version>"')).toMatchFileSnapshot('./__snapshots__/lint-sarif.json');
  });

  it('D51: json is the Spectral JSON shape (0-based range, path segments, numeric severity, absolute source); errors exit 1', async () => {
    await writeFile(join(dir, 'broken.arazzo.yaml'), (await import('node:fs')).readFileSync(join(fixtures, 'valid.arazzo.yaml'), 'utf8').replace('operationId: addPet', 'operationId: addPets'));
    const result = await runLoomInProcess(['lint', 'broken.arazzo.yaml', '--format', 'json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        code: 'operation-unresolved',
        path: ['workflows', 0, 'steps', 1, 'operationId'],
        message: expect.stringMatching(/^Step 'add': operationId 'addPets' is not defined in source description 'pets'.*did you mean 'addPet'\?$/),
        severity: 0,
        range: { start: { line: 40, character: 21 }, end: { line: 40, character: 28 } },
        source: join(dir, 'broken.arazzo.yaml'),
      },
    ]);
  });

  it('a .spectral.yaml in the working directory is used; --ruleset overrides it', async () => {
    const rules = join(dir, 'rules');
    await (await import('node:fs/promises')).mkdir(rules, { recursive: true });
    await cp(join(dir, 'findings.arazzo.yaml'), join(rules, 'findings.arazzo.yaml'));
    await cp(join(dir, 'pets.openapi.yaml'), join(rules, 'pets.openapi.yaml'));
    await writeFile(join(rules, '.spectral.yaml'), 'extends: ["@loom/spectral-ruleset"]\nrules:\n  loom-literal-secret: error\n');
    const result = await runLoomInProcess(['lint', 'findings.arazzo.yaml', '--format', 'json'], { cwd: rules });
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as { severity: number }[]).filter((found) => found.severity === 0)).toHaveLength(2);
    await writeFile(join(rules, 'quiet.yaml'), 'extends: ["@loom/spectral-ruleset"]\nrules:\n  loom-literal-secret: off\n');
    expect((await runLoomInProcess(['lint', 'findings.arazzo.yaml', '--ruleset', 'quiet.yaml'], { cwd: rules })).code).toBe(0);
  });

  it('usage errors, a missing file and a missing ruleset: one line on stderr, exit 2', async () => {
    const cases = [['lint'], ['lint', 'x.yaml', '--format', 'xml'], ['lint', 'x.yaml', '--fail-on', 'fatal'], ['lint', 'x.yaml', '-F', 'warn', '--fail-on', 'error'], ['lint', 'nope.arazzo.yaml'], ['lint', 'valid.arazzo.yaml', '--ruleset', 'nope.yaml']];
    const results = await Promise.all(cases.map((args) => runLoomInProcess(args, { cwd: dir })));
    for (const [index, result] of results.entries()) {
      const args = cases[index]!;
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^loom: [^\n]+\n$/);
    }
  });
});
