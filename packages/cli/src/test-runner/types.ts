import type { LoadedDocument, RunResult } from '@loom/engine';

/** One test case of `loom test`: a workflow of a document with one named input set. */
export interface TestCase {
  /** `<file> › <workflowId>`, then ` [<set>]` for a named input set: unique in one `loom test`. */
  readonly id: string;
  /** The document as named on the command line or found in a folder. */
  readonly file: string;
  readonly workflowId: string;
  /** The input set's name; `undefined` for a workflow run without a named set. */
  readonly inputSet?: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The loaded document; absent when it could not be loaded (then `problem` says why). */
  readonly loaded?: LoadedDocument;
  /** `--server` assignments that name an OpenAPI source of this document. */
  readonly servers: Readonly<Record<string, string>>;
  /** Set when the case is reported as skipped without running (DECISIONS D83). */
  readonly skip?: string;
  /** Set when the case fails without running: its document or inputs file cannot be used. */
  readonly problem?: string;
  /** The 1-based line of the workflow in its document, for annotations. */
  readonly line?: number;
}

/** How one step execution of a case ended, for the reporters. */
export interface StepOutcome {
  readonly stepId: string;
  readonly workflowId: string;
  readonly status: 'success' | 'failure';
  readonly attempts: number;
  readonly statusCode?: number;
  readonly durationMs: number;
  /** The criteria that did not hold, each with the values seen (the run's explanations). */
  readonly failedCriteria: readonly string[];
  /** Why the step failed, when no criterion says it (a transport error, a missing value). */
  readonly reason?: string;
  /** The response that failed the step: status line, then the start of the body (reporters/response-excerpt.ts). */
  readonly response?: readonly string[];
}

/** DECISIONS D84: `flaky` is a case that failed and then passed on a retry. */
export type CaseStatus = 'passed' | 'failed' | 'skipped' | 'flaky';

export interface CaseResult {
  readonly testCase: TestCase;
  readonly status: CaseStatus;
  /** Runs of the case (1 + retries used); 0 for a skipped case. */
  readonly runs: number;
  readonly durationMs: number;
  /** The steps of the last run. */
  readonly steps: readonly StepOutcome[];
  /** Why the case failed or was skipped, one line. */
  readonly message?: string;
  readonly outputs?: RunResult['outputs'];
}
