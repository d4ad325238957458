import type { CaseResult } from '../test-runner/types.js';
import { formatJUnit, type JUnitSuite } from './junit.js';
import { failureLines, flakyNote } from './test-failure.js';

/**
 * `loom test --reporter junit=<file>`: a testsuite per document, a testcase per case (classname the
 * document, name the workflow and input set); a flaky pass is a passed testcase whose system-out says so
 * (JUnit has no flaky status that every CI reads).
 */
export function renderTestJUnit(results: readonly CaseResult[]): string {
  const suites = new Map<string, CaseResult[]>();
  for (const result of results) suites.set(result.testCase.file, [...(suites.get(result.testCase.file) ?? []), result]);
  const junitSuites: JUnitSuite[] = [...suites].map(([file, cases]) => ({
    name: file,
    timeSeconds: cases.reduce((sum, result) => sum + result.durationMs, 0) / 1000,
    cases: cases.map((result) => ({
      name: caseName(result),
      classname: file,
      timeSeconds: result.durationMs / 1000,
      ...(result.status === 'failed' ? { failure: { message: result.message ?? 'failed', details: failureLines(result).join('\n') } } : {}),
      ...(result.status === 'skipped' ? { skipped: true, ...(result.message !== undefined ? { skipMessage: result.message } : {}) } : {}),
      ...(result.status === 'flaky' ? { systemOut: flakyNote(result) } : {}),
    })),
  }));
  return formatJUnit(junitSuites, 'loom test');
}

/** The case within its document: `workflowId` or `workflowId [set]`. */
export function caseName(result: CaseResult): string {
  const { workflowId, inputSet, file } = result.testCase;
  if (workflowId === '') return file;
  return inputSet === undefined ? workflowId : `${workflowId} [${inputSet}]`;
}
