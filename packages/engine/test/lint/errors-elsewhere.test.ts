import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintDocument, loadDocument, type Diagnostic } from '@loom/engine';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const summary = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.code} ${d.path}`);

/**
 * The lint-only checks ran only on a document without errors (they read the resolved model):
 * a user fixed the schema errors, linted again, and only then met the rest. They now run on any
 * document and skip only the nodes they cannot judge.
 */
describe('lint checks run on a document with errors elsewhere', () => {
  it('a schema error, an unresolved operation, a broken source and a wrong expression: every lint-only problem is still reported', async () => {
    const loaded = await loadDocument(fixture('errors-elsewhere.arazzo.yaml'));
    expect(loaded.diagnostics.map((d) => d.code).sort()).toEqual(['arazzo-schema', 'component-reference', 'component-reference', 'expression-unknown-step', 'goto-target', 'source-unreadable']);
    expect(summary(lintDocument(loaded))).toEqual([
      '19:13 parameter-undeclared /workflows/0/steps/0/parameters/1',
      '19:47 literal-dollar-string /workflows/0/steps/0/parameters/1/value',
      '20:51 literal-secret /workflows/0/steps/0/parameters/2/value',
      '23:24 jsonpath-count /workflows/0/steps/0/successCriteria/0/condition',
      '26:24 regex-redos /workflows/0/steps/0/successCriteria/1/condition',
      '32:17 parameter-required-missing /workflows/0/steps/1/stepId',
      '32:17 step-unreachable /workflows/0/steps/1/stepId',
      '41:13 request-body-schema /workflows/0/steps/2/requestBody/payload',
      '41:18 request-body-schema /workflows/0/steps/2/requestBody/payload/age',
      '42:23 literal-secret /workflows/0/steps/2/requestBody/payload/password',
      // The steps with errors of their own are judged too: nothing goes past `add`, which ends the workflow.
      '45:17 step-unreachable /workflows/0/steps/3/stepId',
      '49:17 step-unreachable /workflows/0/steps/4/stepId',
      '54:17 goto-loop-no-exit /workflows/1/steps/0/stepId',
    ]);
  });

  it('what cannot be judged is not reported: a goto to no step, a parameter or action naming no component', async () => {
    const loaded = await loadDocument(fixture('errors-elsewhere.arazzo.yaml'));
    // Workflow `unknowable`: its first step's goto target and its third step's action are unknown (they could go
    // anywhere), and its second step's unreadable parameter might be the required petId.
    expect(lintDocument(loaded).filter((d) => d.path.startsWith('/workflows/2/'))).toEqual([]);
  });
});

describe('OpenAPI 3.x ignores header parameters named Accept, Content-Type and Authorization', () => {
  it('a required one is not reported as never supplied, and supplying one (any case) is not undeclared', async () => {
    const loaded = await loadDocument(fixture('ignored-headers.arazzo.yaml'));
    expect(loaded.diagnostics).toEqual([]);
    expect(lintDocument(loaded).map((d) => `${d.code} ${d.message}`)).toEqual([
      "parameter-required-missing step 'withoutTenant' never supplies the required header parameter 'X-Tenant' of operation 'getReport'",
    ]);
  });
});
