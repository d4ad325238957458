import type { ParsedText } from '../document/parse-text.js';

/** A message an AsyncAPI operation sends or receives (AsyncAPI 3.0 §Message Object). */
export interface AsyncApiMessage {
  /** The message's key in its channel's `messages` (or its `name`). */
  readonly name: string;
  /** The message's `contentType`, else the document's `defaultContentType`; undefined when neither says. */
  readonly contentType: string | undefined;
  /** The payload schema, `$ref`s resolved; undefined when the message has none. */
  readonly payload: unknown;
  /** The headers schema, `$ref`s resolved; undefined when the message has none. */
  readonly headers: unknown;
  /** Where the correlation id is read (`$message.header#/...` or `$message.payload#/...`), from the message's `correlationId.location`. */
  readonly correlationIdLocation: string | undefined;
}

/** A server an AsyncAPI operation is reached on (AsyncAPI 3.0 §Server Object). */
export interface AsyncApiServer {
  readonly name: string;
  /** `protocol://host/pathname` as the AsyncAPI parser composes it. */
  readonly url: string;
  readonly protocol: string;
  readonly protocolVersion: string | undefined;
}

/** One operation of an AsyncAPI description (AsyncAPI 3.0 §Operation Object). */
export interface AsyncApiOperation {
  /** The operation's key under `operations`. */
  readonly operationId: string;
  readonly action: 'send' | 'receive';
  /** JSON Pointer of the operation in its document (`/operations/<id>`). */
  readonly pointer: string;
  readonly channel: {
    /** The channel's key under `channels`. */
    readonly name: string;
    /** JSON Pointer of the channel (`/channels/<name>`), what a step's `channelPath` names. */
    readonly pointer: string;
    /** The channel address, with `{parameter}` placeholders; undefined for a dynamic address. */
    readonly address: string | undefined;
    /** Names of the channel's parameters. */
    readonly parameters: readonly string[];
  };
  /** The servers the operation's channel is available on (all of the document's when the channel names none). */
  readonly servers: readonly AsyncApiServer[];
  readonly messages: readonly AsyncApiMessage[];
}

/** A loaded AsyncAPI source description. */
export interface AsyncApiSource {
  readonly name: string;
  readonly url: string;
  /** The document's `asyncapi` version, such as `3.0.0`. */
  readonly version: string;
  readonly parsed: ParsedText;
  /** Operations by their key under `operations`. */
  readonly operations: ReadonlyMap<string, AsyncApiOperation>;
}
