/**
 * An asynchronous step compiled for execution (Arazzo 1.1.0 §Step Object `action`, `correlationId`,
 * `timeout`): what compile-plan.ts builds once per document and execute-message-step.ts runs.
 */
import type { AsyncApiOperation } from '../sources/asyncapi-types.js';
import type { ValuePlan } from './plan.js';

/** Where a received message's correlation id is read (the AsyncAPI message's `correlationId.location`). */
export interface CorrelationLocation {
  /** The location as the AsyncAPI document writes it, for messages. */
  readonly text: string;
  readonly source: 'header' | 'payload';
  /** JSON Pointer tokens into the headers or the payload. */
  readonly tokens: readonly string[];
}

export interface MessageStepPlan {
  readonly kind: 'message';
  readonly action: 'send' | 'receive';
  /** The AsyncAPI source's name: what `servers` overrides (`--server <source>=<url>`) name. */
  readonly sourceName: string;
  readonly operation: AsyncApiOperation;
  /** `in: header` parameters: the message's headers. */
  readonly headers: readonly { readonly name: string; readonly value: ValuePlan; readonly secret: boolean }[];
  /** `in: channel` parameters: the `{name}` placeholders of the channel address. */
  readonly channelParameters: readonly { readonly name: string; readonly value: ValuePlan }[];
  /** send: `requestBody.payload`. */
  readonly payload?: ValuePlan;
  /** send: `requestBody.contentType`, else the AsyncAPI message's, else JSON (DECISIONS D104). */
  readonly contentType: string;
  /** receive: the step's `correlationId`. */
  readonly correlationId?: ValuePlan;
  /** receive: where the AsyncAPI messages of the operation carry their correlation id (none: any message matches). */
  readonly correlationLocations: readonly CorrelationLocation[];
  /** Problems with a correlation id location, reported when the step runs. */
  readonly correlationProblem?: string;
  /** receive: how long to wait for a matching message (the step's `timeout`, DECISIONS D27: default 30 s). */
  readonly timeoutMs: number;
}
