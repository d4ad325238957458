import type { CaseResult } from '../test-runner/types.js';
import { countResults } from './test-failure.js';
import { caseName } from './test-junit.js';

/** The version of the `loom test --reporter json` format (packages/cli/schemas/test-report.schema.json). */
export const TEST_REPORT_VERSION = 1;

/** `loom test --reporter json[=<file>]`: every case with its status, runs, steps and failure details. */
export function renderTestJson(results: readonly CaseResult[], durationMs: number): string {
  const report = {
    format: 'loom-test-report',
    version: TEST_REPORT_VERSION,
    summary: { ...countResults(results), durationMs: Math.round(durationMs) },
    cases: results.map((result) => ({
      id: result.testCase.id,
      name: caseName(result),
      file: result.testCase.file,
      workflowId: result.testCase.workflowId,
      ...(result.testCase.inputSet !== undefined ? { inputSet: result.testCase.inputSet } : {}),
      status: result.status,
      runs: result.runs,
      durationMs: Math.round(result.durationMs),
      ...(result.message !== undefined ? { message: result.message } : {}),
      steps: result.steps.map((step) => ({
        stepId: step.stepId,
        workflowId: step.workflowId,
        status: step.status,
        attempts: step.attempts,
        ...(step.statusCode !== undefined ? { statusCode: step.statusCode } : {}),
        durationMs: Math.round(step.durationMs),
        ...(step.failedCriteria.length > 0 ? { failedCriteria: step.failedCriteria } : {}),
        ...(step.reason !== undefined ? { reason: step.reason } : {}),
        ...(step.response ? { response: step.response } : {}),
      })),
      ...(result.outputs !== undefined ? { outputs: result.outputs } : {}),
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
