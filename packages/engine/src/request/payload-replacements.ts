/**
 * Arazzo 1.0.1 §Payload Replacement Object: `target` is a JSON Pointer for
 * JSON payloads and an XPath expression for XML ones (DECISIONS D19: applied
 * after the payload is evaluated). Pure: the payload passed in is not changed.
 */
import { isJsonMediaType, isXmlMediaType } from '../http/media-type.js';
import { parsePointer, toPointer } from '../json-pointer.js';
import { type BuildResult, type RequestBuildError, buildError, built } from './build-result.js';
import { isPlainObject } from './parameter-styles.js';

export interface ReplacementValue {
  readonly target: string;
  /** The evaluated value; `undefined` removes an object member (DECISIONS D14). */
  readonly value: unknown;
}

/**
 * Applies one XPath replacement to an XML text; supplied by the caller (the
 * expressions package owns XPath), so this module stays free of an XML stack.
 */
export type XPathReplacer = (
  xml: string,
  target: string,
  value: unknown,
) => { readonly ok: true; readonly xml: string } | { readonly ok: false; readonly message: string };

type Failure = { readonly ok: false; readonly error: RequestBuildError };

/**
 * Applies `replacements` in order. JSON payloads (JSON media types, or no
 * content type and a non-XML payload): RFC 6901 pointers; the member is created
 * when its parent exists, `-` appends to an array, a missing parent is an error
 * naming the target. A string JSON payload is parsed first and the result is
 * the replaced value, not text. XML payloads: each target goes to
 * `xpathReplacer`; without one, a clear error.
 */
export function applyReplacements(
  payload: unknown,
  replacements: readonly ReplacementValue[],
  contentType: string | undefined,
  xpathReplacer?: XPathReplacer,
): BuildResult<unknown> {
  if (replacements.length === 0) return built(payload);
  if (isXmlPayload(payload, contentType)) return applyXmlReplacements(payload, replacements, xpathReplacer);

  let document = payload;
  if (typeof payload === 'string') {
    try {
      document = JSON.parse(payload);
    } catch {
      const kind = isJsonMediaType(contentType) ? 'is not valid JSON' : `is text (${contentType ?? 'no content type'})`;
      return buildError('invalid-payload', `payload replacements need a JSON or XML payload; this payload ${kind}`);
    }
  }
  for (const replacement of replacements) {
    const result = setAtPointer(document, replacement.target, replacement.value);
    if (!result.ok) return result;
    document = result.value;
  }
  return built(document);
}

function isXmlPayload(payload: unknown, contentType: string | undefined): boolean {
  if (contentType !== undefined) return isXmlMediaType(contentType);
  return typeof payload === 'string' && payload.trimStart().startsWith('<');
}

function applyXmlReplacements(
  payload: unknown,
  replacements: readonly ReplacementValue[],
  xpathReplacer: XPathReplacer | undefined,
): BuildResult<unknown> {
  const first = replacements[0];
  if (xpathReplacer === undefined) {
    return buildError(
      'xpath-unsupported',
      `payload replacement '${first?.target ?? ''}' targets an XML payload; XML replacements need XPath, and no XPath replacer was given`,
      { target: first?.target ?? '' },
    );
  }
  if (typeof payload !== 'string') {
    return buildError('invalid-payload', 'an XML payload must be a string for XPath replacements');
  }
  let xml = payload;
  for (const replacement of replacements) {
    const result = xpathReplacer(xml, replacement.target, replacement.value);
    if (!result.ok) {
      return buildError('replacement-target', `payload replacement '${replacement.target}': ${result.message}`, {
        target: replacement.target,
      });
    }
    xml = result.xml;
  }
  return built(xml);
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

/** Sets `value` at the RFC 6901 `pointer`, copying the containers on the way (copy on write). */
export function setAtPointer(document: unknown, pointer: string, value: unknown): BuildResult<unknown> {
  const segments = parsePointer(pointer);
  if (segments === undefined) {
    return buildError('replacement-target', `payload replacement target '${pointer}' is not a JSON Pointer (it must start with '/')`, {
      target: pointer,
    });
  }
  return setAt(document, segments, 0, value, pointer);
}

function setAt(node: unknown, segments: readonly string[], index: number, value: unknown, pointer: string): BuildResult<unknown> {
  if (index === segments.length) return built(value);
  const segment = segments[index] as string;
  const last = index === segments.length - 1;

  if (Array.isArray(node)) {
    if (segment === '-' && last) return built(value === undefined ? node : [...node, value]);
    if (!ARRAY_INDEX.test(segment)) return missingParent(pointer, segments, index, `'${segment}' is not an array index`);
    const position = Number(segment);
    if (last ? position > node.length : position >= node.length) {
      return missingParent(pointer, segments, index, `index ${position} is past the end of an array of ${node.length}`);
    }
    if (last && value === undefined) return built(node);
    const child = last ? built(value) : setAt(node[position], segments, index + 1, value, pointer);
    if (!child.ok) return child;
    const copy = node.slice();
    copy[position] = child.value;
    return built(copy);
  }

  if (isPlainObject(node)) {
    const exists = Object.prototype.hasOwnProperty.call(node, segment);
    if (!last && !exists) return missingParent(pointer, segments, index + 1, 'it does not exist');
    const child = last ? built(value) : setAt(node[segment], segments, index + 1, value, pointer);
    if (!child.ok) return child;
    const copy: Record<string, unknown> = { ...node };
    if (child.value === undefined) {
      delete copy[segment];
    } else {
      // defineProperty, not assignment: a member named `__proto__` is data, not the prototype.
      Object.defineProperty(copy, segment, { value: child.value, writable: true, enumerable: true, configurable: true });
    }
    return built(copy);
  }

  return missingParent(pointer, segments, index, 'it is not an object or array');
}

function missingParent(pointer: string, segments: readonly string[], depth: number, reason: string): Failure {
  const parent = toPointer(segments.slice(0, depth));
  return buildError(
    'replacement-target',
    `payload replacement target '${pointer}' cannot be set: '${parent === '' ? '(root)' : parent}' ${reason}`,
    { target: pointer },
  );
}
