/**
 * `xpath` criteria: XPath 3.1 (fontoxpath) over the context parsed as XML
 * (@xmldom/xmldom). The criterion holds when the result's effective boolean
 * value is true (DECISIONS D6). fontoxpath takes tens of milliseconds to load,
 * so it is imported the first time an xpath criterion is evaluated, or ahead of
 * time with `preloadXPath()`; after that, evaluation is synchronous.
 */
import type { Template } from '../ast.js';
import type { EvaluationContext } from '../context.js';
import { ExpressionSyntaxError } from '../errors.js';
import { printExpression } from '../printer.js';
import { missingContext, readContext } from './context-value.js';
import { describeValue } from './describe-value.js';
import { missingSlot } from './jsonpath.js';
import { conditionSlots, fillSlots, slotExpressions } from './slots.js';
import type { CompiledCriterion, CriterionCompiler, CriterionResult } from './types.js';
import { PASSED } from './types.js';
import { toJsonText } from '../json-text.js';
import { firstErrorLine, loadedXmlEngine, loadXmlEngine, type XmlEngine } from '../xml-engine.js';

/** Loads the XPath engine now, so later xpath criteria evaluate synchronously. */
export function preloadXPath(): Promise<void> {
  return loadXmlEngine().then(() => undefined);
}

/** True once the XPath engine is loaded. */
export function isXPathLoaded(): boolean {
  return loadedXmlEngine() !== undefined;
}

export const XPATH_VERSIONS = ['xpath-31', 'xpath-30', 'xpath-20', 'xpath-10'] as const;

/** XPath literal for an embedded value: strings quoted with `"` doubled, numbers as they are. */
function xpathLiteral(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `number("${String(value)}")`;
  if (typeof value === 'boolean') return value ? 'true()' : 'false()';
  if (value === null) return '()';
  const text = typeof value === 'string' ? value : (toJsonText(value) ?? '');
  return `"${text.replace(/"/g, '""')}"`;
}

/** One parsed document is kept: several criteria usually test the same response body. */
let lastXml: { readonly text: string; readonly document: unknown } | undefined;

/** Parses XML text (the last text parsed is kept: several criteria and selectors usually read one body). */
export function parseXmlText(current: XmlEngine, text: string): unknown {
  if (lastXml?.text === text) return lastXml.document;
  const document = new current.DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml');
  lastXml = { text, document };
  return document;
}

function isDomNode(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { nodeType?: unknown }).nodeType === 'number';
}

export const xpathCriterion: CriterionCompiler = {
  versions: XPATH_VERSIONS,
  compile(input, context, version, rewrite) {
    const slots = conditionSlots(input.condition, rewrite);
    if (input.condition.trim() === '') {
      throw new ExpressionSyntaxError('EXPR_INVALID_XPATH', 'an xpath condition must not be empty', { input: input.condition, offset: 0, field: 'condition' });
    }
    // With the engine loaded (the loader preloads it for documents that use XPath), static errors
    // (syntax, unknown functions, variables) are found now, so `loom validate` reports them.
    const loaded = loadedXmlEngine();
    if (loaded !== undefined && slots === undefined) checkXPath(loaded, input.condition);
    const run = (current: XmlEngine, evaluationContext: EvaluationContext): CriterionResult => {
      const value = readContext(context, evaluationContext);
      if (value === undefined || context === undefined) return missingContext(context!, evaluationContext);
      let text = input.condition;
      if (slots !== undefined) {
        const filled = fillSlots(slots as Template, evaluationContext, xpathLiteral);
        if ('missing' in filled) return missingSlot(filled.missing, evaluationContext);
        text = filled.text;
      }
      let node: unknown;
      if (isDomNode(value)) {
        node = value;
      } else if (typeof value === 'string' || value instanceof Uint8Array) {
        try {
          node = parseXmlText(current, typeof value === 'string' ? value : Buffer.from(value).toString('utf8'));
        } catch (error) {
          return { passed: false, explanation: `${printExpression(context)} is not well-formed XML: ${firstErrorLine((error as Error).message)}` };
        }
      } else {
        // DECISIONS D6: xpath needs XML; a JSON body cannot be queried with it.
        return { passed: false, explanation: `${printExpression(context)} is not XML (got ${describeValue(value)}); xpath criteria need an XML body` };
      }
      try {
        return current.evaluateXPathToBoolean(text, node) ? PASSED : { passed: false, explanation: `${text} is false for ${printExpression(context)}` };
      } catch (error) {
        return { passed: false, explanation: `${text}: XPath error: ${firstErrorLine((error as Error).message)}` };
      }
    };
    const compiled: CompiledCriterion = {
      kind: 'xpath',
      version,
      condition: input.condition,
      context,
      expressions: context === undefined ? slotExpressions(slots) : [context, ...slotExpressions(slots)],
      evaluate(evaluationContext) {
        const current = loadedXmlEngine();
        return current !== undefined ? run(current, evaluationContext) : loadXmlEngine().then((loaded) => run(loaded, evaluationContext));
      },
    };
    return compiled;
  },
};

let probe: unknown;

/** XPath static errors (`XPST*`) of `text`, found by evaluating it against an empty document. */
export function checkXPath(current: XmlEngine, text: string): void {
  probe ??= new current.DOMParser().parseFromString('<probe/>', 'text/xml');
  try {
    current.evaluateXPathToBoolean(text, probe);
  } catch (error) {
    const message = (error as Error).message;
    // Dynamic errors (no such node, wrong types) depend on the document; only static ones are the text's fault.
    if (!/XPST\d{4}/.test(message)) return;
    const offset = Math.min((error as { position?: { start?: { offset?: number } } }).position?.start?.offset ?? 0, text.length);
    // The parser lists every token it would have accepted; the position says enough.
    const reason = firstErrorLine(message).replace(/(Failed to parse script)\. Expected .*$/s, '$1');
    throw new ExpressionSyntaxError('EXPR_INVALID_XPATH', `invalid XPath 3.1 at column ${offset + 1}: ${reason}`, { input: text, offset, field: 'condition' });
  }
}
