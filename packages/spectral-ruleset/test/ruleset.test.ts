import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fs from 'node:fs';
import loomRuleset, { LOOM_RULES, REPLACED_SPECTRAL_RULES, lintDocuments, loadLintRuleset } from '@loom/spectral-ruleset';
import spectralCore, { type Ruleset } from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import spectralRulesets from '@stoplight/spectral-rulesets';
import { bundleAndLoadRuleset } from '@stoplight/spectral-ruleset-bundler/with-loader';
import { beforeAll, describe, expect, it } from 'vitest';

const { Document, Spectral, Ruleset: RulesetClass } = spectralCore;
const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const lintFixture = (name: string) => repo(`packages/engine/test/lint/fixtures/${name}`);
const errorsOf = (report: { diagnostics: readonly { severity: string; code: string; range?: { start: { line: number } } }[] }) =>
  report.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}@${d.range?.start.line}`);

// Loading a ruleset is the slow part; one per configuration, shared by the tests.
let ruleset: Ruleset;
let noSources: Ruleset;
beforeAll(async () => {
  ruleset = (await loadLintRuleset({ cwd: tmpdir() })).ruleset;
  noSources = (await loadLintRuleset({ cwd: tmpdir(), loadSources: false })).ruleset;
});

describe('@loom/spectral-ruleset: Arazzo 1.1 documents (DECISIONS D72)', () => {
  /** The valid fixture with its sources, written as a 1.1 document; `edit` changes its text. */
  async function asArazzo11(edit: (text: string) => string = (text) => text): Promise<string> {
    const folder = await mkdtemp(join(tmpdir(), 'loom-lint-11-'));
    await cp(lintFixture(''), folder, { recursive: true });
    const file = join(folder, 'valid-1.1.arazzo.yaml');
    await writeFile(file, edit(fs.readFileSync(lintFixture('valid.arazzo.yaml'), 'utf8').replace('arazzo: 1.0.1', 'arazzo: 1.1.0')));
    return file;
  }

  it('D72: a valid 1.1 document is linted by Loom\'s rules and has no problem (no "unrecognized format")', async () => {
    const report = await lintDocuments([await asArazzo11()], ruleset);
    expect(report.diagnostics).toEqual([]);
  });

  it('D72: a 1.1 document with a duplicated stepId gets the same errors as the same 1.0 document, each once', async () => {
    const duplicate = (text: string) => text.replace('- stepId: add', '- stepId: list');
    const report = await lintDocuments([await asArazzo11(duplicate)], ruleset);
    expect(errorsOf(report)).toEqual(['step-id-unique@39', 'expression-unknown-step@53', 'expression-unknown-output@54']);
    const as10 = await asArazzo11((text) => duplicate(text).replace('arazzo: 1.1.0', 'arazzo: 1.0.1'));
    expect(errorsOf(await lintDocuments([as10], ruleset))).toEqual(errorsOf(report));
  });
});

describe('@loom/spectral-ruleset: valid documents get no error', () => {
  it('D23: a plain retry and a Criterion Expression Type Object are valid (Spectral’s own schema rule rejects them)', async () => {
    const report = await lintDocuments([lintFixture('valid.arazzo.yaml')], ruleset);
    expect(report.diagnostics).toEqual([]);

    const stock = new Spectral();
    stock.setRuleset(new RulesetClass(spectralRulesets.arazzo as never));
    const text = fs.readFileSync(lintFixture('valid.arazzo.yaml'), 'utf8');
    const stockResults = await stock.run(new Document(text, spectralParsers.Yaml, lintFixture('valid.arazzo.yaml')));
    expect(new Set(stockResults.map((result) => result.code))).toEqual(new Set(['arazzo-document-schema']));
  });

  it('a valid document is checked, not built: the engine makes no resolved model for lint (its parsed data stays unfrozen)', async () => {
    const report = await lintDocuments([lintFixture('valid.arazzo.yaml')], ruleset);
    expect(report.diagnostics).toEqual([]);
    // Building the model (and compiling it) would freeze the data Loom parsed for Spectral and the engine.
    expect(Object.isFrozen([...report.data.values()][0])).toBe(false);
  });

  it('the Amberflo reference has no error, and only the bare-operationId warnings', async () => {
    const report = await lintDocuments([repo('examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml')], ruleset);
    expect(errorsOf(report)).toEqual([]);
    // The ingest payload is all expressions: whether it is one event or an array (oneOf) is not
    // known before a run, so the request-body check says nothing about it.
    expect(report.diagnostics.map((d) => `${d.code}@${d.range?.start.line}`)).toEqual([
      'operation-unqualified@74',
      'operation-unqualified@93',
      'operation-unqualified@112',
      'operation-unqualified@129',
    ]);
  });

  it('spec examples: no errors but their known real defects (FAPI-PAR operationId, bnpl expressions)', async () => {
    const local = ['oauth.arazzo.yaml', 'pet-coupons.arazzo.yaml', 'FAPI-PAR.arazzo.yaml'].map((name) => repo(`examples/spec/${name}`));
    const report = await lintDocuments(local, ruleset);
    expect(errorsOf(report)).toEqual(['operation-unresolved@102']);
    expect(report.diagnostics.find((d) => d.severity === 'error')!.message).toMatch(/operationId 'PAR' is not defined.*did you mean 'Par'\?$/);
    // These reference remote or missing sources; the documents themselves are checked.
    const remote = ['ExtendedParametersExample.arazzo.yaml', 'LoginAndRetrievePets.arazzo.yaml', 'bnpl-arazzo.yaml'].map((name) => repo(`examples/spec/${name}`));
    expect(errorsOf(await lintDocuments(remote, noSources))).toEqual([
      'expression-unknown-output@231',
      'expression-unknown-output@242',
      'expression-unknown-output@253',
      'expression-missing-outputs@260',
    ]);
  });

  it('replaces exactly the bundled rules that contradict the spec, and keeps the others', () => {
    expect(Object.keys(REPLACED_SPECTRAL_RULES).sort()).toEqual([
      'arazzo-document-schema',
      'arazzo-step-output-validation',
      'arazzo-step-parameters-validation',
      'arazzo-step-request-body-validation',
      'arazzo-workflow-output-validation',
    ]);
    for (const id of Object.keys(REPLACED_SPECTRAL_RULES)) expect(ruleset.rules[id]!.enabled).toBe(false);
    expect(ruleset.rules['arazzo-workflowId-unique']!.enabled).toBe(true);
    for (const id of Object.keys(LOOM_RULES)) expect(ruleset.rules[id]!.enabled, id).toBe(true);
  });
});

describe('@loom/spectral-ruleset: Loom rules through Spectral', () => {
  it('maps engine diagnostics and lint findings to Spectral results with their rule ids, severities and lines', async () => {
    const report = await lintDocuments([lintFixture('findings.arazzo.yaml')], ruleset);
    const loom = report.diagnostics.filter((d) => d.code.startsWith('loom-')).map((d) => `${d.range?.start.line} ${d.severity} ${d.code}`);
    expect(loom).toEqual([
      '25 warning loom-parameter-undeclared',
      '25 info loom-literal-dollar-string',
      '26 warning loom-literal-secret',
      '30 warning loom-jsonpath-count',
      '36 warning loom-parameter-required-missing',
      '36 warning loom-step-unreachable',
      // Spectral locates a mapping at its key: the payload's `payload:` line.
      '46 warning loom-request-body-schema',
      '47 warning loom-request-body-schema',
      '48 warning loom-literal-secret',
      '56 warning loom-goto-loop-no-exit',
    ]);
  });

  it('engine validation errors: unknown step, bad expression with its column, unresolvable operationId', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loom-ruleset-'));
    await cp(lintFixture('pets.openapi.yaml'), join(dir, 'pets.openapi.yaml'));
    const file = join(dir, 'broken.arazzo.yaml');
    await writeFile(
      file,
      fs
        .readFileSync(lintFixture('valid.arazzo.yaml'), 'utf8')
        .replace('operationId: addPet', 'operationId: addPets')
        .replace('total: $steps.list.outputs.total', 'total: $steps.lists.outputs.total')
        .replace('petId: $response.body#/id', 'petId: $response.bod#/id'),
    );
    const report = await lintDocuments([file], ruleset);
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code}@${d.range?.start.line}`)).toEqual([
      'operation-unresolved@41',
      'expression-syntax@50',
      // D50: Spectral's own arazzo-workflow-output-validation says it too, at the same output; Loom's stands alone.
      'expression-unknown-step@54',
    ]);
    expect(errors[0]!.message).toMatch(/operationId 'addPets'.*did you mean 'addPet'/);
    expect(errors[1]!.message).toMatch(/column \d+/);
    expect(errors[2]!.message).toMatch(/lists/);
  });

  it('D50: a document with errors elsewhere gets every lint-only finding and its errors, each once, with no rule id in a message', async () => {
    const report = await lintDocuments([lintFixture('errors-elsewhere.arazzo.yaml')], ruleset);
    const codes = new Set(report.diagnostics.map((d) => d.code));
    for (const id of Object.keys(LOOM_RULES).filter((rule) => !['loom-arazzo-schema', 'loom-expressions', 'loom-operations', 'loom-semantics', 'loom-validation-warning'].includes(rule))) {
      expect(codes, id).toContain(id);
    }
    for (const code of ['arazzo-schema', 'source-unreadable', 'expression-unknown-step', 'goto-target', 'component-reference']) expect(codes, code).toContain(code);
    for (const diagnostic of report.diagnostics) expect(diagnostic.message).not.toMatch(/\[[a-z-]+\]$/);
    // D50: Spectral's success-actions rule also says the goto target is unknown; only Loom's goto-target is left.
    expect(report.diagnostics.filter((d) => d.path.startsWith('/workflows/2/steps/0/onSuccess/0')).map((d) => d.code)).toEqual(['goto-target']);
    expect(report.rules.get('goto-target')).toBe('loom-semantics');
  });

  it('an in-memory document (no file) is checked too', async () => {
    const spectral = new Spectral();
    spectral.setRuleset(noSources);
    const text = fs.readFileSync(lintFixture('findings.arazzo.yaml'), 'utf8').replace('condition: $[?count', 'condition: $[?count');
    const results = await spectral.run(new Document(text, spectralParsers.Yaml));
    expect(results.map((result) => result.code)).toContain('loom-jsonpath-count');
  });
});

describe('@loom/spectral-ruleset from Spectral rulesets', () => {
  it('a .spectral.yaml with extends [["@loom/spectral-ruleset", "all"]] turns rules off and adds its own', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loom-spectral-yaml-'));
    await writeFile(
      join(dir, '.spectral.yaml'),
      [
        'extends: [["@loom/spectral-ruleset", "all"]]',
        'rules:',
        '  loom-literal-dollar-string: off',
        '  loom-step-unreachable: error',
        '  no-todo:',
        '    given: "$..description"',
        '    severity: error',
        '    then: { function: pattern, functionOptions: { notMatch: TODO } }',
      ].join('\n'),
    );
    const loaded = await loadLintRuleset({ cwd: dir });
    expect(loaded.file).toBe(join(dir, '.spectral.yaml'));
    const report = await lintDocuments([lintFixture('findings.arazzo.yaml')], loaded.ruleset);
    const codes = report.diagnostics.map((d) => `${d.severity} ${d.code}`);
    expect(codes).not.toContain('info loom-literal-dollar-string');
    expect(codes).toContain('error loom-step-unreachable');
    expect(codes).toContain('warning loom-goto-loop-no-exit');
  });

  it('a JS ruleset that imports the package works with spectral-core and the bundler', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loom-spectral-js-'));
    const file = join(dir, 'ruleset.mjs');
    await writeFile(
      file,
      `import loom from '@loom/spectral-ruleset';\nexport default { extends: [loom], rules: { 'loom-jsonpath-count': 'error', 'arazzo-info-summary': 'off' } };\n`,
    );
    const { ruleset: jsRuleset } = await loadLintRuleset({ cwd: dir, rulesetFile: 'ruleset.mjs' });
    const report = await lintDocuments([repo('examples/spec/bnpl-arazzo.yaml')], jsRuleset);
    expect(report.diagnostics.filter((d) => d.code === 'loom-jsonpath-count').map((d) => d.severity)).toEqual(['error', 'error']);
    expect(report.diagnostics.map((d) => d.code)).not.toContain('arazzo-info-summary');
  });

  it('the default export is a Spectral ruleset definition usable directly', async () => {
    const spectral = new Spectral();
    spectral.setRuleset(new RulesetClass(loomRuleset));
    const text = fs.readFileSync(lintFixture('valid.arazzo.yaml'), 'utf8');
    expect(await spectral.run(new Document(text, spectralParsers.Yaml, lintFixture('valid.arazzo.yaml')))).toEqual([]);
    expect(typeof bundleAndLoadRuleset).toBe('function');
  });
});
