import { maskHeaders, maskSecretMembers } from '../events/mask.js';
import type { RunEvent, RunEventListener } from '../events/types.js';
import type { SecretRegistry } from './secrets.js';

/**
 * Wraps a listener so that it only ever sees masked events (DECISIONS D21):
 * secret headers replaced, secret values masked wherever they appear in text.
 * Masking happens only when someone listens; a run without a listener pays nothing.
 */
export function createEventEmitter(listener: RunEventListener, secrets: SecretRegistry): (event: RunEvent) => void {
  return (event) => listener(maskEvent(event, secrets));
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
        body: secrets.maskValue(maskSecretMembers(event.body)),
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

/** A request body is text on the wire; when it is JSON, its secret-named members are masked too. */
function maskJsonText(text: string): string {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return text;
  try {
    return JSON.stringify(maskSecretMembers(JSON.parse(text)));
  } catch {
    return text;
  }
}
