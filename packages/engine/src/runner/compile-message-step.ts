/**
 * Compiles an asynchronous step (Arazzo 1.1.0 §Step Object, `action: send | receive`) into a
 * MessageStepPlan, once per document: its header and channel parameters, payload, content type,
 * correlation id and the locations where the AsyncAPI messages carry theirs.
 */
import { parsePointer } from '@loom/expressions/internal';
import type { MessageTarget, ResolvedStep } from '../model/resolved.js';
import { isSecretHeaderName } from '../secrets/secret-policy.js';
import { DEFAULT_RECEIVE_TIMEOUT_MS } from '../messaging/inbox.js';
import type { CorrelationLocation, MessageStepPlan } from './message-step-plan.js';
import type { ValuePlan } from './plan.js';

/** The 1.1 fields of an asynchronous step that the 1.0 model type does not name. */
interface AsyncStepFields {
  readonly correlationId?: unknown;
  readonly timeout?: unknown;
}

/** DECISIONS D104: a message whose content type nobody names is JSON. */
export const DEFAULT_MESSAGE_CONTENT_TYPE = 'application/json';

export function compileMessageTarget(step: ResolvedStep, target: MessageTarget, toValuePlan: (raw: unknown, selectors?: 'anywhere') => ValuePlan): MessageStepPlan {
  const definition = step.definition as ResolvedStep['definition'] & AsyncStepFields;
  const headers: MessageStepPlan['headers'][number][] = [];
  const channelParameters: MessageStepPlan['channelParameters'][number][] = [];
  for (const parameter of step.parameters) {
    // The 1.1 schema requires `in` on an asynchronous step's parameters: `header` or `channel` (others are not messages').
    const location = parameter.in as string | undefined;
    if (location === 'channel') channelParameters.push({ name: parameter.name, value: toValuePlan(parameter.value) });
    else if (location === 'header') headers.push({ name: parameter.name, value: toValuePlan(parameter.value), secret: isSecretHeaderName(parameter.name) });
  }
  const requestBody = step.definition.requestBody;
  const declaredType = target.operation.messages.find((message) => message.contentType !== undefined)?.contentType;
  const locations: CorrelationLocation[] = [];
  const problems: string[] = [];
  for (const message of target.operation.messages) {
    if (message.correlationIdLocation === undefined) continue;
    const location = parseCorrelationLocation(message.correlationIdLocation);
    if (location === undefined) problems.push(`the AsyncAPI message '${message.name}' has a correlationId location '${message.correlationIdLocation}' that is not '$message.header#/...' or '$message.payload#/...'`);
    else if (!locations.some((known) => known.text === location.text)) locations.push(location);
  }
  const timeout = definition.timeout;
  return {
    kind: 'message',
    action: target.action,
    sourceName: target.source.name,
    operation: target.operation,
    headers,
    channelParameters,
    ...(requestBody?.payload !== undefined ? { payload: toValuePlan(requestBody.payload, 'anywhere') } : {}),
    contentType: requestBody?.contentType ?? declaredType ?? DEFAULT_MESSAGE_CONTENT_TYPE,
    ...(definition.correlationId !== undefined ? { correlationId: toValuePlan(definition.correlationId) } : {}),
    correlationLocations: locations,
    ...(problems.length > 0 ? { correlationProblem: problems.join('; ') } : {}),
    // DECISIONS D27: a receive without `timeout` waits 30 s.
    timeoutMs: typeof timeout === 'number' && timeout >= 0 ? timeout : DEFAULT_RECEIVE_TIMEOUT_MS,
  };
}

/** AsyncAPI 3.0 §Correlation ID Object `location`: `$message.header#/<pointer>` or `$message.payload#/<pointer>`. */
export function parseCorrelationLocation(text: string): CorrelationLocation | undefined {
  const match = /^\$message\.(header|payload)(?:#(.*))?$/.exec(text.trim());
  if (match === null) return undefined;
  const tokens = parsePointer(match[2] ?? '');
  if (tokens === undefined) return undefined;
  return { text, source: match[1] as 'header' | 'payload', tokens };
}
