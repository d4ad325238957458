import { copyJson, MAX_SHOWN_DEPTH } from '@loom/expressions/internal';
import { maskHeaders, maskJsonText, maskMember } from '../secrets/secret-policy.js';
import type { RunEvent, RunEventListener } from '../events/types.js';
import type { SecretRegistry } from './secrets.js';

/**
 * Wraps a listener so that it only ever sees masked events (DECISIONS D21):
 * secret headers replaced, secret values masked wherever they appear in text.
 * With `showSecrets` (`loom run --show-secrets`) events keep the real values.
 * Either way values are cut off MAX_SHOWN_DEPTH deep (D33), so a listener can
 * turn any event into JSON. Events are copied only when someone listens; a run
 * without a listener pays nothing.
 *
 * DECISIONS D29: the listener's errors never reach the run. A listener that throws, or returns a
 * promise that rejects, goes on receiving events; its first error is passed to `onListenerError`
 * (once), later ones are dropped.
 */
export function createEventEmitter(
  listener: RunEventListener,
  secrets: SecretRegistry,
  onListenerError: (message: string) => void,
  showSecrets = false,
): (event: RunEvent) => void {
  let reported = false;
  const report = (event: RunEvent, error: unknown): void => {
    if (reported) return;
    reported = true;
    onListenerError(`the onEvent listener threw at the ${event.type} event: ${firstLine(error)} (its later errors are not reported; the run went on)`);
  };
  return (event) => {
    try {
      const returned: unknown = listener(showSecrets ? boundEvent(event) : maskEvent(event, secrets));
      // An async listener: its rejection is caught here, never left unhandled. The run does not
      // wait for it; a rejection after the run has ended is dropped.
      if (isThenable(returned)) Promise.resolve(returned).catch((error: unknown) => report(event, error));
    } catch (error) {
      report(event, error);
    }
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as PromiseLike<unknown>).then === 'function';
}

/** The error's message without a stack or further lines: it goes into a one-line warning. */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n', 1)[0]!.trim();
}

function maskEvent(event: RunEvent, secrets: SecretRegistry): RunEvent {
  switch (event.type) {
    case 'run.start':
      return { ...event, inputs: secrets.maskValue(event.inputs) };
    case 'request':
      return {
        ...event,
        url: secrets.mask(event.url),
        headers: maskHeaders(secrets.maskValue(event.headers)) as Record<string, string>,
        ...(event.body !== undefined ? { body: secrets.mask(maskJsonText(event.body)) } : {}),
      };
    case 'response':
      return {
        ...event,
        headers: maskHeaders(secrets.maskValue(event.headers)) as Record<string, string | string[]>,
        body: copyJson(event.body, { maxDepth: MAX_SHOWN_DEPTH, mapString: secrets.mask, mapMember: maskMember }),
      };
    case 'criterion':
      return event.explanation === undefined ? event : { ...event, explanation: secrets.mask(event.explanation) };
    case 'step.end':
      return {
        ...event,
        ...(event.reason !== undefined ? { reason: secrets.mask(event.reason) } : {}),
        ...(event.outputs !== undefined ? { outputs: secrets.maskValue(event.outputs) } : {}),
      };
    case 'workflow.end':
      return { ...event, outputs: secrets.maskValue(event.outputs) };
    case 'run.end':
      return {
        ...event,
        outputs: secrets.maskValue(event.outputs),
        ...(event.error ? { error: { ...event.error, message: secrets.mask(event.error.message) } } : {}),
      };
    default:
      return event;
  }
}

/** `--show-secrets`: the values as they are, only cut off where they are too deep to show (D33). */
function boundEvent(event: RunEvent): RunEvent {
  const bound = <T>(value: T): T => copyJson(value, { maxDepth: MAX_SHOWN_DEPTH });
  switch (event.type) {
    case 'run.start':
      return { ...event, inputs: bound(event.inputs) };
    case 'response':
      return { ...event, body: bound(event.body) };
    case 'step.end':
      return event.outputs === undefined ? event : { ...event, outputs: bound(event.outputs) };
    case 'workflow.end':
    case 'run.end':
      return { ...event, outputs: bound(event.outputs) };
    default:
      return event;
  }
}
