/**
 * One signal for undici that fires on the per-request timeout or on the
 * caller's AbortSignal, remembering which, so the error can say so.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  /** The timeout fired. */
  readonly timedOut: boolean;
  /** The caller's signal fired. */
  readonly aborted: boolean;
  /** Clears the timer and the listener; call once the response is read or has failed. */
  dispose(): void;
}

export function startDeadline(timeoutMs: number, callerSignal: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  let aborted = false;
  const onAbort = (): void => {
    aborted = true;
    controller.abort(callerSignal?.reason);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`no response within ${timeoutMs} ms`));
  }, timeoutMs);
  callerSignal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    get aborted() {
      return aborted;
    },
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onAbort);
    },
  };
}
