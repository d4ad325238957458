import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintDocument, loadDocument, type Diagnostic } from '@loom/engine';
import { LINT_RULES } from '../../src/lint/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const summary = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.severity} ${d.code} ${d.path}`);

describe('lintDocument', () => {
  let findings: Diagnostic[];
  beforeAll(async () => {
    const loaded = await loadDocument(fixture('findings.arazzo.yaml'));
    expect(loaded.diagnostics).toEqual([]);
    findings = lintDocument(loaded);
  });
  const of = (code: string) => findings.filter((d) => d.code === code);

  it('a valid document with a plain retry and a criterion type object has no findings', async () => {
    expect(lintDocument(await loadDocument(fixture('valid.arazzo.yaml')))).toEqual([]);
  });

  it('reports every lint rule at its line, each rule with its declared severity', () => {
    expect(summary(findings)).toEqual([
      '25:13 warning parameter-undeclared /workflows/0/steps/0/parameters/1',
      '25:47 info literal-dollar-string /workflows/0/steps/0/parameters/1/value',
      '26:51 warning literal-secret /workflows/0/steps/0/parameters/2/value',
      '30:24 warning jsonpath-count /workflows/0/steps/0/successCriteria/0/condition',
      '36:17 warning parameter-required-missing /workflows/0/steps/1/stepId',
      '36:17 warning step-unreachable /workflows/0/steps/1/stepId',
      '47:13 warning request-body-schema /workflows/0/steps/2/requestBody/payload',
      '47:18 warning request-body-schema /workflows/0/steps/2/requestBody/payload/age',
      '48:23 warning literal-secret /workflows/0/steps/2/requestBody/payload/password',
      '56:17 warning goto-loop-no-exit /workflows/1/steps/0/stepId',
    ]);
    for (const diagnostic of findings) expect(diagnostic.severity).toBe(LINT_RULES[diagnostic.code as keyof typeof LINT_RULES]);
  });

  it('step-unreachable: a step no fall-through or goto reaches; the goto target after it is reached', () => {
    expect(of('step-unreachable').map((d) => d.message)).toEqual(["step 'never' is never reached: no step falls through or goes to it"]);
  });

  it('D17: goto loop with no exit names its steps; a loop with a conditional way out is not reported', () => {
    expect(of('goto-loop-no-exit').map((d) => d.message)).toEqual([
      "steps 'ping', 'pong' loop with no way out: every success and failure leads back into the loop, so a run stops only at the step limit (maxSteps)",
    ]);
  });

  it('D13: an undeclared parameter warns; an apiKey security scheme header and Authorization do not', () => {
    expect(of('parameter-undeclared').map((d) => d.message)).toEqual(["operation 'listPets' declares no query parameter 'colour'; it is sent anyway (D13)"]);
  });

  it('a required path parameter never supplied', () => {
    expect(of('parameter-required-missing')[0]!.message).toBe("step 'never' never supplies the required path parameter 'petId' of operation 'getPet'");
  });

  it('request-body-schema: static parts are checked, an expression value is not (D19)', () => {
    expect(of('request-body-schema').map((d) => d.message)).toEqual([
      "the payload is missing required property 'name' (request body schema of operation addPet)",
      'payload /age must be integer (request body schema of operation addPet)',
    ]);
  });

  it('D4: count(@.x) in a JSONPath criterion suggests length(@.x)', () => {
    expect(of('jsonpath-count')[0]!.message).toMatch(/use length\(@\.pets\) to count elements \(D4\)/);
  });

  it('D21: literal secrets in a header parameter and a body password; a template is not literal', () => {
    expect(of('literal-secret').map((d) => d.path)).toEqual(['/workflows/0/steps/0/parameters/2/value', '/workflows/0/steps/2/requestBody/payload/password']);
  });

  it("D22: a literal $-string such as '$5.00' is noted, not an error", () => {
    expect(of('literal-dollar-string').map((d) => d.message)).toEqual(["'$5.00' is not a runtime expression; it is sent as the literal text (D22)"]);
  });

  it('without sources the checks that need no operation still run (step flow included)', async () => {
    const loaded = await loadDocument(fixture('findings.arazzo.yaml'), { loadSources: false });
    expect([...new Set(lintDocument(loaded).map((d) => d.code))].sort()).toEqual(['goto-loop-no-exit', 'jsonpath-count', 'literal-dollar-string', 'literal-secret', 'step-unreachable']);
  });
});
