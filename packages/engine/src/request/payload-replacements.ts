/**
 * Arazzo 1.0.1 §Payload Replacement Object: `target` is a JSON Pointer for
 * JSON payloads and an XPath expression for XML ones (DECISIONS D19: applied
 * after the payload is evaluated). Arazzo 1.1 adds `targetSelectorType`: a
 * JSONPath target sets every node it selects (DECISIONS D101). Pure: the
 * payload passed in is not changed.
 */
import { parsePointer, setAtPath, toPointer, type JsonPathTarget } from '@loom/expressions/internal';
import { isJsonMediaType, isXmlMediaType } from '../http/media-type.js';
import { type BuildResult, type RequestBuildError, buildError, built } from './build-result.js';

export interface ReplacementValue {
  readonly target: string;
  /** The evaluated value; `undefined` removes an object member (DECISIONS D14). */
  readonly value: unknown;
  /** Arazzo 1.1 `targetSelectorType`; absent: by the payload (JSON Pointer for JSON, XPath for XML). */
  readonly targetType?: 'jsonpointer' | 'jsonpath' | 'xpath';
  /** For a `jsonpath` target: the compiled query (compiled once with the document). */
  readonly jsonPath?: JsonPathTarget;
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
  const xml = isXmlPayload(payload, contentType);
  // DECISIONS D101: a target's selector type must suit the payload; XPath cannot address JSON, nor JSONPath XML.
  const misfit = replacements.find((replacement) => replacement.targetType !== undefined && (replacement.targetType === 'xpath') !== xml);
  if (misfit !== undefined) {
    return buildError('replacement-target', `payload replacement '${misfit.target}': a ${misfit.targetType} target cannot address ${xml ? 'an XML' : 'a JSON'} payload`, { target: misfit.target });
  }
  if (xml) return applyXmlReplacements(payload, replacements, xpathReplacer);

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
    const result = replacement.jsonPath === undefined ? setAtPointer(document, replacement.target, replacement.value) : setAtJsonPath(document, replacement.target, replacement.jsonPath, replacement.value);
    if (!result.ok) return result;
    document = result.value;
  }
  return built(document);
}

/** DECISIONS D101: `value` set at every node the query selects; a query that selects nothing is an error naming the target. */
function setAtJsonPath(document: unknown, target: string, query: JsonPathTarget, value: unknown): BuildResult<unknown> {
  const locations = query(document);
  if (locations.length === 0) return buildError('replacement-target', `payload replacement target '${target}' selects nothing in the payload`, { target });
  let current = document;
  for (const location of locations) {
    const result = setAtPath(current, location.map(String), value);
    if (!result.ok) return missingParent(target, location.map(String), result.depth, result.reason);
    current = result.value;
  }
  return built(current);
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

/** Sets `value` at the RFC 6901 `pointer`, copying the containers on the way (copy on write). */
export function setAtPointer(document: unknown, pointer: string, value: unknown): BuildResult<unknown> {
  const segments = parsePointer(pointer);
  if (segments === undefined) {
    return buildError('replacement-target', `payload replacement target '${pointer}' is not a JSON Pointer (it must start with '/')`, {
      target: pointer,
    });
  }
  const result = setAtPath(document, segments, value);
  return result.ok ? built(result.value) : missingParent(pointer, segments, result.depth, result.reason);
}

function missingParent(pointer: string, segments: readonly string[], depth: number, reason: string): Failure {
  const parent = toPointer(segments.slice(0, depth));
  return buildError(
    'replacement-target',
    `payload replacement target '${pointer}' cannot be set: '${parent === '' ? '(root)' : parent}' ${reason}`,
    { target: pointer },
  );
}
