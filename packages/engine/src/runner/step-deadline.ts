import type { RunState } from './run-state.js';

/** The abort reason of a step whose `timeout` ran out, so a nested step can tell it from a cancelled run. */
export class StepTimeoutError extends Error {
  override readonly name = 'StepTimeoutError';
}

/** One attempt's deadline: `end()` restores the run's scope; `expired` says whether it ran out. */
export interface StepDeadline {
  readonly expired: boolean;
  end(): void;
}

/**
 * DECISIONS D96: a step's `timeout` bounds each attempt. While the attempt runs, the run's current signal
 * (what requests, retry delays and nested steps listen to) also aborts at the deadline; a run executes one
 * step at a time, so the scope is set on the run state and restored when the attempt ends.
 */
export function startStepDeadline(state: RunState, stepId: string, timeoutMs: number): StepDeadline {
  const outer = state.signal;
  const outerSendOptions = state.sendOptions;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new StepTimeoutError(`step ${stepId} did not complete within its timeout of ${timeoutMs} ms`)), timeoutMs);
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
  state.signal = signal;
  // A request never outlives the step's deadline, nor the run's own request timeout.
  state.sendOptions = { ...outerSendOptions, signal, timeoutMs: Math.min(outerSendOptions.timeoutMs ?? timeoutMs, timeoutMs) };
  return {
    get expired() {
      return controller.signal.aborted;
    },
    end() {
      clearTimeout(timer);
      state.signal = outer;
      state.sendOptions = outerSendOptions;
    },
  };
}

/** Why the current scope was aborted: the run cancelled or timed out, or an enclosing step's timeout. */
export function abortedMessage(state: RunState): string {
  const reason: unknown = state.signal?.reason ?? state.settings.signal?.reason;
  if (reason instanceof StepTimeoutError) return reason.message;
  return reason instanceof Error && reason.name === 'TimeoutError' ? 'the run timed out' : 'the run was cancelled';
}
