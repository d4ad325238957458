import type { RunResult } from '@loom/engine';
import type { HtmlReportNotRun, HtmlReportRun, RunRecording, TextBudget } from '../reporters/html-report/index.js';
import { flakyNote } from '../reporters/test-failure.js';
import type { RunObserver } from './run-cases.js';
import type { CaseResult, TestCase } from './types.js';

type HtmlReport = typeof import('../reporters/html-report/index.js');

/**
 * `loom test --report html=<file>` (issue 15): each case's last run recorded for one HTML page that shows every
 * case, those that did not run too. A recorder per run; only the last run of a case is kept, as for traces.
 */
export interface HtmlCaseRecorder {
  /** A run of `testCase`, its values counted against `budget` (DECISIONS D89: the budget of the report it goes to). */
  observe(testCase: TestCase, budget: TextBudget): RunObserver;
  /** The report's runs, in the order of `results` (the latest result of every case). */
  runs(results: readonly CaseResult[]): (HtmlReportRun | HtmlReportNotRun)[];
}

export function createHtmlCaseRecorder(report: HtmlReport): HtmlCaseRecorder {
  const recorded = new Map<string, { result: RunResult; recording: RunRecording }>();
  return {
    observe(testCase, budget) {
      const recorder = report.createRunRecorder(budget);
      return {
        onEvent: recorder.onEvent,
        finish(result) {
          // A run that could not start (inputs refused) leaves nothing to show: an earlier run's page must not stay.
          if (result) recorded.set(testCase.id, { result, recording: recorder.recording() });
          else recorded.delete(testCase.id);
        },
      };
    },
    runs(results) {
      return results.map((caseResult): HtmlReportRun | HtmlReportNotRun => {
        const { testCase } = caseResult;
        const run = caseResult.runs > 0 ? recorded.get(testCase.id) : undefined;
        if (run === undefined) {
          const status = caseResult.status === 'failed' ? 'failure' : 'skipped';
          return { title: testCase.id, status, reason: caseResult.message ?? (status === 'failure' ? 'the case did not run' : 'skipped') };
        }
        const workflow = testCase.loaded?.model?.workflows.get(testCase.workflowId);
        // DECISIONS D84: a pass after a failure is named flaky, never shown as a plain pass.
        const title = caseResult.status === 'flaky' ? `${testCase.id} (${flakyNote(caseResult)})` : testCase.id;
        return { title, ...run, ...(workflow ? { workflow } : {}) };
      });
    },
  };
}

/** Calls each observer in turn (a trace and the HTML report may both listen to a run). */
export function combineObservers(observers: readonly (RunObserver | undefined)[]): RunObserver | undefined {
  const present = observers.filter((observer): observer is RunObserver => observer !== undefined);
  if (present.length <= 1) return present[0];
  return {
    onEvent: (event) => present.forEach((observer) => observer.onEvent(event)),
    wrapClient: (client) => present.reduce((wrapped, observer) => observer.wrapClient?.(wrapped) ?? wrapped, client),
    finish: async (result) => {
      for (const observer of present) await observer.finish(result);
    },
  };
}
