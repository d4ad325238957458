import { isLoomError, run, type HttpClient, type RunEvent, type RunResult } from '@loom/engine';
import { createStepDetails } from './step-outcomes.js';
import type { CaseResult, StepOutcome, TestCase } from './types.js';

/** Observes one run of a case (a trace recorder); `finish` is called when the run has ended. */
export interface RunObserver {
  onEvent(event: RunEvent): void;
  /** The client the run sends with, given the one it would use. */
  wrapClient?(client: HttpClient): HttpClient;
  finish(result: RunResult | undefined): Promise<void> | void;
}

export interface RunCasesOptions {
  /** Cases run at once (at least 1). */
  readonly concurrency: number;
  /** Start no case after one has failed; the cases not started are skipped. */
  readonly bail?: boolean;
  /** Per case run (`timeouts.runMs`). */
  readonly timeoutMs?: number;
  /** Per request. */
  readonly requestMs?: number;
  /** DECISIONS D84: a failed case runs again up to this many times; a later pass is `flaky`. */
  readonly retries?: number;
  /** Stops every run (Ctrl-C); cases not started are skipped. */
  readonly signal?: AbortSignal;
  /** Sends every case's requests (an observer may wrap it); default: the engine's shared client. */
  readonly httpClient?: HttpClient;
  /** Called as each case ends, in the order they end. */
  readonly onCaseEnd?: (result: CaseResult) => void;
  /** An observer for each run of a case (`--trace-dir`); the last run's is the one that counts. */
  readonly observe?: (testCase: TestCase, run: number) => RunObserver | undefined;
}

/** Runs the cases up to `concurrency` at a time; the results in the order of `cases`. */
export async function runCases(cases: readonly TestCase[], options: RunCasesOptions): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  let bailed = false;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      const testCase = cases[index]!;
      const stopped = options.signal?.aborted ? 'not run: interrupted' : bailed ? 'not run: --bail after a failed case' : undefined;
      const result = stopped !== undefined ? skipped(testCase, stopped) : await runCase(testCase, options);
      if (result.status === 'failed' && options.bail) bailed = true;
      results[index] = result;
      options.onCaseEnd?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, cases.length)) }, worker));
  return results;
}

function skipped(testCase: TestCase, message: string): CaseResult {
  return { testCase, status: 'skipped', runs: 0, durationMs: 0, steps: [], message };
}

async function runCase(testCase: TestCase, options: RunCasesOptions): Promise<CaseResult> {
  if (testCase.skip !== undefined) return skipped(testCase, testCase.skip);
  if (testCase.problem !== undefined || !testCase.loaded) return { testCase, status: 'failed', runs: 0, durationMs: 0, steps: [], message: testCase.problem ?? 'the document could not be loaded' };
  const started = performance.now();
  const maxRuns = 1 + (options.retries ?? 0);
  let last: { passed: boolean; steps: StepOutcome[]; message?: string; outputs?: RunResult['outputs'] } = { passed: false, steps: [] };
  let runs = 0;
  while (runs < maxRuns && !options.signal?.aborted) {
    runs += 1;
    last = await runOnce(testCase, options, runs);
    if (last.passed) break;
  }
  // DECISIONS D84: a pass after a failure is reported as flaky, never as a plain pass.
  const status = last.passed ? (runs > 1 ? 'flaky' : 'passed') : 'failed';
  return {
    testCase,
    status,
    runs,
    durationMs: performance.now() - started,
    steps: last.steps,
    ...(last.message !== undefined ? { message: last.message } : {}),
    ...(last.outputs !== undefined ? { outputs: last.outputs } : {}),
  };
}

async function runOnce(testCase: TestCase, options: RunCasesOptions, runNumber: number) {
  const details = createStepDetails();
  const observer = options.observe?.(testCase, runNumber);
  let result: RunResult | undefined;
  try {
    result = await run(testCase.loaded!, {
      workflowId: testCase.workflowId,
      inputs: testCase.inputs,
      servers: testCase.servers,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.httpClient ? { httpClient: observer?.wrapClient ? observer.wrapClient(options.httpClient) : options.httpClient } : {}),
      timeouts: { ...(options.requestMs !== undefined ? { requestMs: options.requestMs } : {}), ...(options.timeoutMs !== undefined ? { runMs: options.timeoutMs } : {}) },
      // Reports and traces are stored and shown: secrets masked everywhere (DECISIONS D21).
      maskSecrets: true,
      onEvent: (event) => {
        details.onEvent(event);
        observer?.onEvent(event);
      },
    });
  } catch (error) {
    await observer?.finish(undefined);
    // Inputs that fail the schema, a workflow that reaches errors: the case fails with the one line.
    if (isLoomError(error)) return { passed: false, steps: [], message: error.message };
    throw error;
  }
  await observer?.finish(result);
  const message = result.status === 'failure' ? `${result.error?.stepId ? `step ${result.error.stepId}: ` : ''}${result.error?.message ?? 'the workflow failed'}` : undefined;
  return { passed: result.status === 'success', steps: details.outcomes(result), outputs: result.outputs, ...(message !== undefined ? { message } : {}) };
}
