import { copyJson, MAX_SHOWN_DEPTH } from '@loom/expressions';
import { maskHeaders, maskJsonText, maskMember } from '../events/mask.js';
import type { RunEvent, RunEventListener } from '../events/types.js';
import type { SecretRegistry } from './secrets.js';

/**
 * Wraps a listener so that it only ever sees masked events (DECISIONS D21):
 * secret headers replaced, secret values masked wherever they appear in text.
 * With `showSecrets` (`loom run --show-secrets`) events keep the real values.
 * Either way values are cut off MAX_SHOWN_DEPTH deep (D33), so a listener can
 * turn any event into JSON. Events are copied only when someone listens; a run
 * without a listener pays nothing.
 */
export function createEventEmitter(listener: RunEventListener, secrets: SecretRegistry, showSecrets = false): (event: RunEvent) => void {
  return showSecrets ? (event) => listener(boundEvent(event)) : (event) => listener(maskEvent(event, secrets));
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
      return event.reason === undefined ? event : { ...event, reason: secrets.mask(event.reason) };
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
    case 'workflow.end':
    case 'run.end':
      return { ...event, outputs: bound(event.outputs) };
    default:
      return event;
  }
}
