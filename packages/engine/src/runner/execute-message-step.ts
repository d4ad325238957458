/**
 * Runs one attempt of an asynchronous step (Arazzo 1.1.0 §Step Object `action`): a send publishes
 * the message built from the step and completes once the transport accepted it; a receive takes the
 * first message on its channel that matches its `correlationId` within its `timeout`. Either way
 * `$message` then holds the message (DECISIONS D27, D104-D106).
 */
import { getAtPath } from '@loom/expressions/internal';
import { isLoomError } from '../errors.js';
import { isJsonMediaType } from '../http/media-type.js';
import type { TransportMessage } from '../messaging/types.js';
import { encodeRequestBody } from '../request/request-body.js';
import type { AttemptOutcome } from './execute-operation.js';
import type { CorrelationLocation, MessageStepPlan } from './message-step-plan.js';
import { channelAddress } from './channel-address.js';
import type { BrokerConnection, MessageSession } from './message-session.js';
import type { StepPlan, WorkflowContext, WorkflowPlan } from './plan.js';
import { elapsed, type RunState } from './run-state.js';

/** A message as `$message` reads it: headers, and the payload parsed by its content type. */
interface DecodedMessage {
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: unknown;
}

const decodedMessages = new WeakMap<TransportMessage, DecodedMessage>();

export async function executeMessageStep(
  plan: WorkflowPlan,
  step: StepPlan,
  target: MessageStepPlan,
  context: WorkflowContext,
  state: RunState,
  attempt: number,
): Promise<AttemptOutcome> {
  const channel = channelAddress(target, context);
  if (!('address' in channel)) return { reason: `cannot ${target.action} the message: ${channel.problem}` };
  const message = { action: target.action, channel: channel.address };
  if (state.messages === undefined) return { reason: 'the run has no message session', message };
  let connection: BrokerConnection;
  try {
    connection = await state.messages.connection(target);
  } catch (error) {
    return { reason: failureText(error), message };
  }
  const outcome =
    target.action === 'send'
      ? await send(plan, step, target, context, state, attempt, connection, channel.address)
      : await receive(plan, step, target, context, state, attempt, state.messages, connection, channel.address);
  return { ...outcome, message };
}

const UTF8 = new TextEncoder();

async function send(
  plan: WorkflowPlan,
  step: StepPlan,
  target: MessageStepPlan,
  context: WorkflowContext,
  state: RunState,
  attempt: number,
  connection: BrokerConnection,
  address: string,
): Promise<AttemptOutcome> {
  const headers = evaluateHeaders(target, context, state);
  if ('problem' in headers) return { reason: `cannot send the message: ${headers.problem}` };
  const payload = target.payload?.evaluate(context);
  if (target.payload !== undefined && payload === undefined) {
    return { reason: `cannot send the message: ${target.payload.explainMissing(context) ?? 'the payload has no value'}` };
  }
  // DECISIONS D104: the payload is encoded as an HTTP request body of the same content type; no payload is an empty message.
  let bytes: Uint8Array = new Uint8Array();
  if (payload !== undefined) {
    const encoded = encodeRequestBody(target.contentType, payload);
    if (!encoded.ok) return { reason: `cannot send the message: ${encoded.error.message}` };
    const body = encoded.value.body;
    if (typeof body !== 'string' && !(body instanceof Uint8Array)) return { reason: `cannot send the message: a ${target.contentType} payload cannot be a message` };
    bytes = typeof body === 'string' ? UTF8.encode(body) : body;
  }
  if (state.collectSecrets) state.secrets.addSecretMembers(payload);
  const message: TransportMessage = { channel: address, headers: headers.values, payload: bytes, contentType: target.contentType };
  try {
    await connection.transport.publish(message, state.signal);
  } catch (error) {
    return { reason: failureText(error) };
  }
  // Arazzo 1.1.0 §Step Object: in a send step, `$message` is the message sent.
  const decoded = { headers: headers.values, payload: payload ?? null };
  context.message = decoded;
  state.emit?.({ type: 'message.send', time: elapsed(state), workflowId: plan.workflowId, stepId: step.stepId, attempt, ...messageFields(connection, message, decoded) });
  return {};
}

async function receive(
  plan: WorkflowPlan,
  step: StepPlan,
  target: MessageStepPlan,
  context: WorkflowContext,
  state: RunState,
  attempt: number,
  session: MessageSession,
  connection: BrokerConnection,
  address: string,
): Promise<AttemptOutcome> {
  if (target.correlationProblem !== undefined) return { reason: `cannot receive the message: ${target.correlationProblem}` };
  const expected = target.correlationId?.evaluate(context);
  if (target.correlationId !== undefined && expected === undefined) {
    return { reason: `cannot receive the message: the correlationId has no value: ${target.correlationId.explainMissing(context) ?? 'missing'}` };
  }
  if (expected !== undefined && target.correlationLocations.length === 0) {
    // DECISIONS D106: a correlationId needs a place to compare it; taking any message instead could take another run's reply.
    return { reason: `cannot receive the message: the step has a correlationId but no AsyncAPI message of operation '${target.operation.operationId}' says where its correlation id is (correlationId.location)` };
  }
  const started = elapsed(state);
  let message: TransportMessage;
  try {
    // DECISIONS D105, D112: the run's early wildcard subscription where it covers the address, else the address, subscribed now.
    const subscription = await session.receiveSubscription(target, connection, address);
    const match = expected === undefined ? () => true : (candidate: TransportMessage) => correlates(candidate, target, expected);
    message = await connection.inbox.take(subscription.channel, match, target.timeoutMs, state.signal, subscription.address);
  } catch (error) {
    return { reason: failureText(error) };
  }
  const decoded = decode(message, target);
  if (state.collectSecrets) {
    state.secrets.addSecretHeaders(decoded.headers);
    state.secrets.addSecretMembers(decoded.payload);
  }
  context.message = decoded;
  const time = elapsed(state);
  state.emit?.({ type: 'message.receive', time, workflowId: plan.workflowId, stepId: step.stepId, attempt, ...messageFields(connection, message, decoded), waitedMs: time - started });
  return {};
}

function evaluateHeaders(target: MessageStepPlan, context: WorkflowContext, state: RunState): { readonly values: Record<string, string> } | { readonly problem: string } {
  const values: Record<string, string> = {};
  for (const header of target.headers) {
    const value = header.value.evaluate(context);
    if (value === undefined) return { problem: `the header '${header.name}' has no value: ${header.value.explainMissing(context) ?? 'missing'}` };
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (header.secret) state.secrets.add(text);
    Object.defineProperty(values, header.name, { value: text, enumerable: true, writable: true, configurable: true });
  }
  return { values };
}

/**
 * DECISIONS D106: a message matches when the value at one of its correlation id locations, as text,
 * equals the step's correlationId as text (a JSON number 42 matches '42').
 */
function correlates(message: TransportMessage, target: MessageStepPlan, expected: unknown): boolean {
  const wanted = asText(expected);
  const decoded = decode(message, target);
  return target.correlationLocations.some((location) => {
    const found = valueAt(decoded, location);
    return found !== undefined && asText(found) === wanted;
  });
}

function valueAt(message: DecodedMessage, location: CorrelationLocation): unknown {
  return getAtPath(location.source === 'header' ? message.headers : message.payload, location.tokens);
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The payload parsed by the message's content type (the transport's, else the AsyncAPI message's): JSON when it is JSON, else text. */
function decode(message: TransportMessage, target: MessageStepPlan): DecodedMessage {
  let decoded = decodedMessages.get(message);
  if (decoded !== undefined) return decoded;
  const contentType = message.contentType ?? target.contentType;
  const text = new TextDecoder().decode(message.payload);
  let payload: unknown = text;
  if (isJsonMediaType(contentType) && text.trim() !== '') {
    try {
      payload = JSON.parse(text);
    } catch {
      // Not JSON after all: `$message.payload` is the text, so a criterion can still say what arrived.
    }
  }
  decoded = { headers: message.headers, payload };
  decodedMessages.set(message, decoded);
  return decoded;
}

function messageFields(connection: BrokerConnection, message: TransportMessage, decoded: DecodedMessage) {
  return {
    protocol: connection.transport.protocol,
    server: connection.shownUrl,
    channel: message.channel,
    headers: decoded.headers,
    ...(message.contentType === undefined ? {} : { contentType: message.contentType }),
    payload: decoded.payload,
    bytes: message.payload.byteLength,
  };
}

function failureText(error: unknown): string {
  if (isLoomError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}
