import type { CaseResult } from '../test-runner/types.js';

/**
 * Why a case failed, as plain lines: the failed steps, each with the criteria that did not hold (the
 * values seen) and the start of the response that failed it; or the one-line reason when no step
 * failed (inputs refused, a document with errors). Shared by every `loom test` reporter.
 */
export function failureLines(result: CaseResult): string[] {
  const lines: string[] = [];
  for (const step of result.steps) {
    if (step.status !== 'failure') continue;
    lines.push(`step ${step.stepId}${step.workflowId !== result.testCase.workflowId ? ` (workflow ${step.workflowId})` : ''} failed${step.statusCode !== undefined ? ` with status ${step.statusCode}` : ''}${step.attempts > 1 ? ` after ${step.attempts} attempts` : ''}`);
    const reasons = step.failedCriteria.length > 0 ? step.failedCriteria : step.reason !== undefined ? [step.reason] : [];
    for (const reason of reasons) lines.push(`  ${reason}`);
    for (const line of step.response ?? []) lines.push(`  ${line}`);
  }
  if (lines.length === 0 && result.message !== undefined) lines.push(result.message);
  return lines;
}

/** One line on a flaky case: how many runs it took. */
export function flakyNote(result: CaseResult): string {
  return `flaky: passed on run ${result.runs} of ${result.runs} after ${result.runs - 1} failed run${result.runs === 2 ? '' : 's'}`;
}

/** The counts of a finished `loom test`, every status named. */
export interface TestTotals {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly flaky: number;
}

export function countResults(results: readonly CaseResult[]): TestTotals {
  const count = (status: CaseResult['status']) => results.filter((result) => result.status === status).length;
  return { total: results.length, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), flaky: count('flaky') };
}
