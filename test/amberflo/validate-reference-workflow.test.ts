import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../packages/engine/src/index.js';
import { runLoomInProcess } from '../support/fake-context.js';
import { workflowFile } from './amberflo-fixture.js';

/**
 * The reference workflow names its operations by bare operationId although it has two
 * OpenAPI sources (Arazzo 1.0.1 §Step Object asks for `$sourceDescriptions.<name>.<operationId>`
 * then). Each id exists in exactly one source, so Loom resolves it and warns once per step.
 */
const STEPS = [
  { stepId: 'createMeter', operationId: 'createMeterDefinition', source: 'meteringApi' },
  { stepId: 'createCustomer', operationId: 'createCustomer', source: 'billingApi' },
  { stepId: 'assignPlan', operationId: 'assignPricingPlan', source: 'billingApi' },
  { stepId: 'ingestFirstUsage', operationId: 'ingestMeterEvents', source: 'meteringApi' },
];

/** Line and column (1-based) of the value of `operationId: <id>` in the document text. */
function positionOfOperationId(operationId: string): { line: number; column: number } {
  const lines = readFileSync(workflowFile, 'utf8').split('\n');
  const matches = lines.flatMap((text, index) => {
    const match = /^(\s*operationId:\s*)(\S+)\s*$/.exec(text);
    return match && match[2] === operationId ? [{ line: index + 1, column: match[1]!.length + 1 }] : [];
  });
  expect(matches, `operationId ${operationId} appears once`).toHaveLength(1);
  return matches[0]!;
}

const expectedWarnings = STEPS.map((step, index) => ({
  code: 'operation-unqualified',
  severity: 'warning',
  path: `/workflows/0/steps/${index}/operationId`,
  ...positionOfOperationId(step.operationId),
  step,
}));

describe('the Amberflo reference workflow validates', () => {
  it('loom validate --format json: valid, zero errors, four operation-unqualified warnings at the operationIds', async () => {
    const result = await runLoomInProcess(['validate', workflowFile, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      valid: boolean;
      errors: number;
      warnings: number;
      diagnostics: Array<{ code: string; severity: string; path: string; line: number; column: number; message: string; file: string }>;
    };
    expect(report).toMatchObject({ valid: true, errors: 0, warnings: 4 });
    expect(report.diagnostics.map(({ code, severity, path, line, column }) => ({ code, severity, path, line, column }))).toEqual(
      expectedWarnings.map(({ code, severity, path, line, column }) => ({ code, severity, path, line, column })),
    );
    for (const [index, diagnostic] of report.diagnostics.entries()) {
      const { step } = expectedWarnings[index]!;
      expect(diagnostic.file).toMatch(/launch-usage-based-product\.arazzo\.yaml$/);
      // The message names the step and the qualified form to write instead.
      expect(diagnostic.message).toContain(`'${step.stepId}'`);
      expect(diagnostic.message).toContain(`$sourceDescriptions.${step.source}.${step.operationId}`);
    }
  });

  it('loom validate (text): the four warnings and a 0 errors, 4 warnings summary; exit 0', async () => {
    const result = await runLoomInProcess(['validate', workflowFile]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.filter((line) => line.includes('warning  operation-unqualified'))).toHaveLength(4);
    for (const { line, column } of expectedWarnings) expect(result.stdout).toContain(`launch-usage-based-product.arazzo.yaml:${line}:${column}`);
    expect(lines.at(-1)).toMatch(/0 errors, 4 warnings/);
  });

  it('loadDocument: no errors, the same four warnings, and a model whose steps resolve to the right source', async () => {
    const loaded = await loadDocument(workflowFile);
    expect(loaded.diagnostics.map((d) => ({ code: d.code, severity: d.severity, path: d.path, line: d.range?.start.line, column: d.range?.start.column }))).toEqual(
      expectedWarnings.map(({ code, severity, path, line, column }) => ({ code, severity, path, line, column })),
    );
    expect(loaded.model).toBeDefined();
    const workflow = loaded.model!.workflows.get('launch-usage-based-product');
    expect(workflow?.steps.map((step) => step.stepId)).toEqual(STEPS.map((step) => step.stepId));
    for (const [index, step] of (workflow?.steps ?? []).entries()) {
      expect(step.target.kind).toBe('operation');
      if (step.target.kind === 'operation') {
        expect({ operationId: step.target.operation.operationId, source: step.target.operation.sourceName }).toEqual({
          operationId: STEPS[index]!.operationId,
          source: STEPS[index]!.source,
        });
      }
    }
  });
});
