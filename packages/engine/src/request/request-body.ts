/**
 * DECISIONS D19: a step's evaluated `requestBody.payload` on the wire, by media
 * type. JSON types as JSON; `application/x-www-form-urlencoded` as form pairs;
 * `multipart/form-data` as multipart; `text/*` and XML as the string.
 */
import { toJsonText } from '@loom/expressions/internal';
import { FormData } from '../http/form-data.js';
import { isJsonMediaType, mediaTypeEssence } from '../http/media-type.js';
import { type BuildResult, buildError, built } from './build-result.js';
import { encodeComponent } from './percent-encoding.js';
import { type StyleOptions, expandStyle, isPlainObject, primitiveText } from './parameter-styles.js';

/** A request body as sent: text, bytes, or multipart form data. */
export type RequestBodyContent = string | Uint8Array | FormData;

export interface EncodedBody {
  readonly body: RequestBodyContent;
  /**
   * The Content-Type to send. `undefined` for a multipart body built here: undici
   * writes `multipart/form-data; boundary=...` itself and the boundary must match.
   */
  readonly contentType: string | undefined;
}

// OAS 3.1 §Encoding Object: form fields use the query `form` style, explode by default.
const FORM_FIELD_STYLE: StyleOptions = {
  style: 'form',
  explode: true,
  encode: encodeComponent,
  encodeName: encodeComponent,
  pairSeparator: '&',
};

/**
 * Encodes `payload` for `contentType` (the step's `requestBody.contentType`,
 * else the operation's). Without a content type an object or array goes as
 * JSON, a string as `text/plain`, bytes as `application/octet-stream`. Bytes
 * (`Uint8Array`) go unchanged whatever the type.
 */
export function encodeRequestBody(contentType: string | undefined, payload: unknown): BuildResult<EncodedBody> {
  if (payload === undefined) {
    return buildError('invalid-payload', 'the request body payload has no value (an input that was not supplied?)');
  }
  const essence = mediaTypeEssence(contentType);
  if (payload instanceof Uint8Array) return built({ body: payload, contentType: contentType ?? 'application/octet-stream' });
  if (contentType === undefined || essence === undefined) {
    if (typeof payload === 'string') return built({ body: payload, contentType: 'text/plain; charset=utf-8' });
    return encodeJson(payload, 'application/json');
  }
  if (isJsonMediaType(contentType)) return encodeJson(payload, contentType);
  if (essence === 'application/x-www-form-urlencoded') return encodeFormUrlEncoded(payload, contentType);
  if (essence === 'multipart/form-data') return encodeMultipart(payload, contentType);
  if (typeof payload === 'string') return built({ body: payload, contentType });
  // A non-string for text, XML or any other type (vendor types without +json) is
  // sent as its JSON text: the only text form an evaluated value has.
  return encodeJson(payload, contentType);
}

/**
 * A string payload for a JSON media type is JSON text already when it parses
 * (the spec's "JSON Templated Example"); any other string is sent as a JSON string.
 */
function encodeJson(payload: unknown, contentType: string): BuildResult<EncodedBody> {
  if (typeof payload === 'string' && isJsonText(payload)) return built({ body: payload, contentType });
  const text = stringifyJson(payload);
  if (text === undefined) {
    return buildError('unserializable-value', 'the request body payload cannot be written as JSON (a BigInt, a function or a circular structure)');
  }
  return built({ body: text, contentType });
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function stringifyJson(value: unknown): string | undefined {
  try {
    // toJsonText: a payload built from a deep response is sent whole, at any depth (DECISIONS D33).
    return toJsonText(value);
  } catch {
    return undefined;
  }
}

function encodeFormUrlEncoded(payload: unknown, contentType: string): BuildResult<EncodedBody> {
  // The spec's "Form Data String Example": a string is the encoded form already.
  if (typeof payload === 'string') return built({ body: payload, contentType });
  if (!isPlainObject(payload)) {
    return buildError('invalid-payload', `an ${mediaTypeEssence(contentType)} payload must be an object of fields or a string`);
  }
  const pairs: string[] = [];
  try {
    for (const key of Object.keys(payload)) {
      const fragment = expandStyle(key, payload[key], FORM_FIELD_STYLE);
      if (fragment !== undefined && fragment !== '') pairs.push(fragment);
    }
  } catch {
    return buildError('unserializable-value', 'a form field of the request body cannot be serialized (a BigInt, a function or a circular structure)');
  }
  return built({ body: pairs.join('&'), contentType });
}

/**
 * One part per field; an array field gives one part per element (OAS 3.1
 * §Special Considerations for multipart Content). Bytes and Blobs are file
 * parts, objects are JSON text parts (undici's FormData can give a part a
 * Content-Type only by making it a file, which servers then treat as an
 * upload), everything else a text part.
 */
function encodeMultipart(payload: unknown, contentType: string): BuildResult<EncodedBody> {
  if (typeof payload === 'string') {
    // A pre-built multipart text is usable only with the boundary it was written with.
    if (/;\s*boundary=/i.test(contentType)) return built({ body: payload, contentType });
    return buildError('invalid-payload', 'a multipart/form-data string payload needs a contentType with its boundary; use an object of parts instead');
  }
  if (!isPlainObject(payload)) {
    return buildError('invalid-payload', 'a multipart/form-data payload must be an object of parts');
  }
  const form = new FormData();
  try {
    for (const key of Object.keys(payload)) {
      const value = payload[key];
      if (Array.isArray(value)) {
        for (const item of value) appendPart(form, key, item);
      } else {
        appendPart(form, key, value);
      }
    }
  } catch {
    return buildError('unserializable-value', 'a part of the multipart request body cannot be serialized (a BigInt, a function or a circular structure)');
  }
  return built({ body: form, contentType: undefined });
}

function appendPart(form: FormData, name: string, value: unknown): void {
  if (value === undefined) return;
  if (value instanceof Blob) {
    form.append(name, value, 'name' in value && typeof value.name === 'string' ? value.name : name);
  } else if (value instanceof Uint8Array) {
    // A Uint8Array over a SharedArrayBuffer is not a BlobPart in the DOM typings; the bytes are the same.
    form.append(name, new Blob([value as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }), name);
  } else if (value !== null && typeof value === 'object') {
    const json = JSON.stringify(value);
    form.append(name, json);
  } else {
    form.append(name, primitiveText(value));
  }
}
