/**
 * Arazzo 1.1 §Selector Object: `context` (a runtime expression), `selector` (a JSONPath, XPath or
 * JSON Pointer text) and `type` (a name or an Expression Type Object). Compiled once with the
 * document, on the same engines the criteria use (json-p3, fontoxpath); evaluated per run.
 */
import type { RuntimeExpression } from './ast.js';
import { classifyString, type ClassifiedString } from './classify.js';
import type { EvaluationContext } from './context.js';
import { compileJsonPath, GOESSNER, RFC9535 } from './criteria/jsonpath.js';
import { translateGoessner } from './criteria/legacy-jsonpath.js';
import { describeValue } from './criteria/describe-value.js';
import { checkXPath, parseXmlText, XPATH_VERSIONS } from './criteria/xpath.js';
import type { ExpressionRewrite } from './declared-names.js';
import { ExpressionSyntaxError } from './errors.js';
import { evaluateExpression, explainMissing } from './evaluate.js';
import { isRecord } from './is-record.js';
import { getAtPath, parsePointer } from './json-pointer.js';
import { printExpression } from './printer.js';
import { firstErrorLine, loadedXmlEngine } from './xml-engine.js';

/** The selector languages of Arazzo 1.1 §Expression Type Object. */
export type SelectorKind = 'jsonpath' | 'xpath' | 'jsonpointer';

/** Arazzo 1.1 §Expression Type Object: each type's versions, the default first. */
export const SELECTOR_VERSIONS: Readonly<Record<SelectorKind, readonly string[]>> = {
  jsonpath: [RFC9535, GOESSNER],
  xpath: XPATH_VERSIONS,
  jsonpointer: ['rfc6901'],
};

/** What a Selector Object gave: a value, or why there is none. */
export type Selection = { readonly value: unknown } | { readonly missing: string };

export interface CompiledSelector {
  readonly kind: SelectorKind;
  readonly version: string;
  readonly context: RuntimeExpression;
  /** The selector as written. */
  readonly selector: string;
  select(context: EvaluationContext): Selection;
}

/** Which objects of a value are Selector Objects (DECISIONS D71, D100). */
export type SelectorPlacement =
  /** None: Arazzo 1.0 documents, and fields that take no Selector Object. */
  | 'none'
  /** The value itself, when it is an object with a `selector` (parameter, replacement and output values). */
  | 'root'
  /** Any object inside the value with string `context` and `selector` and a `type` (request payloads). */
  | 'anywhere';

/** True when `value` at this placement is to be read as a Selector Object. */
export function isSelectorAt(value: unknown, placement: SelectorPlacement, atRoot: boolean): value is Record<string, unknown> {
  if (placement === 'none' || !isRecord(value)) return false;
  if (placement === 'root') return atRoot && 'selector' in value;
  return typeof value['selector'] === 'string' && typeof value['context'] === 'string' && 'type' in value;
}

/** A named type with its version, from a `type` / `targetSelectorType` field (a name or an Expression Type Object). */
export function resolveSelectorType(type: unknown): { kind: SelectorKind; version: string } {
  const name = isRecord(type) ? type['type'] : type;
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(SELECTOR_VERSIONS, name)) {
    throw selectorError('EXPR_UNKNOWN_TYPE', `a selector type must be jsonpath, xpath or jsonpointer${typeof name === 'string' ? `, not '${name}'` : ''}`, typeof name === 'string' ? name : '');
  }
  const kind = name as SelectorKind;
  if (!isRecord(type)) return { kind, version: SELECTOR_VERSIONS[kind][0]! };
  const version = type['version'];
  // Arazzo 1.1 §Expression Type Object: `version` is REQUIRED and one of the type's listed values.
  if (typeof version !== 'string' || !SELECTOR_VERSIONS[kind].includes(version)) {
    throw selectorError('EXPR_UNKNOWN_TYPE', `${kind} version must be one of ${SELECTOR_VERSIONS[kind].join(', ')}${typeof version === 'string' ? `, not '${version}'` : ''}`, typeof version === 'string' ? version : '');
  }
  return { kind, version };
}

function selectorError(code: 'EXPR_UNKNOWN_TYPE' | 'EXPR_INVALID_JSONPATH' | 'EXPR_INVALID_XPATH' | 'EXPR_SYNTAX', message: string, input: string, offset = 0): ExpressionSyntaxError {
  return new ExpressionSyntaxError(code, message, { input, offset });
}

/**
 * Compiles a Selector Object. `rewrite` applies to its context (the names a document declares,
 * DECISIONS D46); `classify` reads the context as the document's other strings are read.
 * @throws ExpressionSyntaxError for a context that is not one runtime expression, an unknown type or version, or a selector that does not compile.
 */
export function compileSelector(
  object: Readonly<Record<string, unknown>>,
  rewrite?: ExpressionRewrite,
  classify: (text: string) => ClassifiedString = classifyString,
): CompiledSelector {
  const contextText = object['context'];
  const selector = object['selector'];
  if (typeof contextText !== 'string') throw selectorError('EXPR_SYNTAX', "a Selector Object needs a 'context': a runtime expression such as $response.body", '');
  if (typeof selector !== 'string') throw selectorError('EXPR_SYNTAX', "a Selector Object needs a string 'selector'", '');
  const classified = classify(contextText);
  if (classified.kind === 'invalid') throw classified.error;
  if (classified.kind !== 'expression') throw selectorError('EXPR_SYNTAX', `a selector's context must be one runtime expression (such as $response.body), not '${contextText}'`, contextText);
  const context = rewrite === undefined ? classified.expression : rewrite(classified.expression);
  const { kind, version } = resolveSelectorType(object['type']);
  const select = SELECTOR_COMPILERS[kind](selector, version);
  return {
    kind,
    version,
    context,
    selector,
    select(evaluationContext) {
      const value = evaluateExpression(context, evaluationContext);
      if (value === undefined) return { missing: `context ${printExpression(context)} has no value: ${explainMissing(context, evaluationContext) ?? 'no value'}` };
      return select(value, printExpression(context));
    },
  };
}

/** A compiled selector applied to a context's value; `contextText` names the context in reasons. */
export type SelectFunction = (value: unknown, contextText: string) => Selection;

const SELECTOR_COMPILERS: Readonly<Record<SelectorKind, (selector: string, version: string) => SelectFunction>> = {
  jsonpath: compileJsonPathSelector,
  xpath: compileXPathSelector,
  jsonpointer: compileJsonPointerSelector,
};

/** A JSON context given as text (a string body, an output holding JSON) is read as JSON. */
export function asJson(value: unknown): unknown {
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) return value;
  const text = typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return value;
  }
}

/**
 * DECISIONS D100: a singular query (RFC 9535 §2.3.5.1: names and indexes only) gives the one value it
 * selects, or none; any other query gives the array of every value it selects, empty included.
 */
function compileJsonPathSelector(selector: string, version: string): SelectFunction {
  const text = version === GOESSNER ? translateGoessner(selector) : selector;
  const query = compileJsonPath(text, selector);
  const singular = query.singularQuery();
  return (value, contextText) => {
    let values: unknown[];
    try {
      values = query.query(asJson(value) as Parameters<typeof query.query>[0]).values();
    } catch (error) {
      return { missing: `${selector}: ${(error as Error).message}` };
    }
    if (!singular) return { value: values };
    return values.length === 0 ? { missing: `${selector} selects nothing in ${contextText}` } : { value: values[0] };
  };
}

/**
 * RFC 6901: the value at the pointer, or none. Also the `jsonpointer` criterion's (DECISIONS D99).
 * @throws ExpressionSyntaxError when `selector` is not a JSON Pointer.
 */
export function compileJsonPointerSelector(selector: string): SelectFunction {
  const path = parsePointer(selector);
  if (path === undefined) throw selectorError('EXPR_SYNTAX', `'${selector}' is not a JSON Pointer (RFC 6901): it must be empty or start with '/'`, selector);
  // RFC 6901 §3: `~` is only ever the start of `~0` or `~1`.
  const badEscape = /~(?![01])/.exec(selector);
  if (badEscape !== null) throw selectorError('EXPR_SYNTAX', `'${selector}' is not a JSON Pointer (RFC 6901): '~' must be followed by 0 or 1`, selector, badEscape.index);
  return (value, contextText) => {
    const found = getAtPath(asJson(value), path);
    return found === undefined ? { missing: `${selector} points at nothing in ${contextText}` } : { value: found };
  };
}

/**
 * DECISIONS D100: an XPath selector gives the string value of what it selects: one item gives a
 * string, several an array of strings, none no value. The XPath engine is loaded before a run
 * that uses one (the compiled document says so), so selecting stays synchronous.
 */
function compileXPathSelector(selector: string): SelectFunction {
  if (selector.trim() === '') throw selectorError('EXPR_INVALID_XPATH', 'an xpath selector must not be empty', selector);
  // As for xpath criteria: with the engine loaded (validation loads it for documents that use XPath), static errors are found now.
  const loaded = loadedXmlEngine();
  if (loaded !== undefined) checkXPath(loaded, selector);
  return (value, contextText) => {
    const engine = loadedXmlEngine();
    if (engine === undefined) return { missing: `${selector}: the XPath engine is not loaded (call preloadXPath() first)` };
    let node: unknown = value;
    if (typeof value === 'string' || value instanceof Uint8Array) {
      try {
        node = parseXmlText(engine, typeof value === 'string' ? value : Buffer.from(value).toString('utf8'));
      } catch (error) {
        return { missing: `${contextText} is not well-formed XML: ${firstErrorLine((error as Error).message)}` };
      }
    } else if (!isRecord(value) || typeof (value as { nodeType?: unknown }).nodeType !== 'number') {
      return { missing: `${contextText} is not XML (got ${describeValue(value)}); an xpath selector needs an XML value` };
    }
    let strings: string[];
    try {
      strings = engine.evaluateXPathToStrings(selector, node);
    } catch (error) {
      return { missing: `${selector}: XPath error: ${firstErrorLine((error as Error).message)}` };
    }
    if (strings.length === 0) return { missing: `${selector} selects nothing in ${contextText}` };
    return { value: strings.length === 1 ? strings[0] : strings };
  };
}

/** Where a JSONPath replacement target points in a document: the location of every node it selects. */
export type JsonPathTarget = (document: unknown) => readonly (readonly (string | number)[])[];

/**
 * Arazzo 1.1 §Payload Replacement Object with `targetSelectorType: jsonpath`: the query compiled once;
 * per request, the locations of the nodes it selects, deepest first, so that setting a node inside
 * another selected node never loses its way (the outer one is set last and wins).
 * @throws ExpressionSyntaxError when the query does not compile for its version.
 */
export function compileJsonPathTarget(target: string, version: string = RFC9535): JsonPathTarget {
  const text = version === GOESSNER ? translateGoessner(target) : target;
  const query = compileJsonPath(text, target);
  return (document) =>
    query
      .query(document as Parameters<typeof query.query>[0])
      .nodes.map((node) => node.location)
      .sort((a, b) => b.length - a.length);
}
