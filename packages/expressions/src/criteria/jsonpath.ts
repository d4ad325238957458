/**
 * `jsonpath` criteria: RFC 9535 by default (jsonpath-rfc9535), or Goessner's
 * draft through a Criterion Expression Type Object. The criterion holds when the
 * nodelist is non-empty (DECISIONS D4).
 *
 * jsonpath-rfc9535 takes about 40 ms to load, which every `loom` start paid
 * though most documents have no jsonpath criterion. It is loaded the first time
 * one is compiled, synchronously (its CommonJS build through `require`), so
 * compiling and evaluating stay synchronous.
 */
import { createRequire } from 'node:module';
import type { Template } from '../ast.js';
import { ExpressionSyntaxError } from '../errors.js';
import { printExpression } from '../printer.js';
import { missingContext, readContext } from './context-value.js';
import { translateGoessner } from './legacy-jsonpath.js';
import { conditionSlots, fillSlots, slotExpressions } from './slots.js';
import type { CompiledCriterion, CriterionCompiler, CriterionResult } from './types.js';
import { PASSED } from './types.js';
import type { RuntimeExpression } from '../ast.js';
import type { EvaluationContext } from '../context.js';
import { explainMissing } from '../evaluate.js';

export const RFC9535 = 'rfc9535';
export const GOESSNER = 'draft-goessner-dispatch-jsonpath-00';

type JsonPathLibrary = typeof import('jsonpath-rfc9535');
type JsonValue = Parameters<JsonPathLibrary['query']>[0];

interface JsonPathEngine {
  readonly query: JsonPathLibrary['query'];
  readonly parse: (typeof import('jsonpath-rfc9535/parser'))['default'];
}

let engine: JsonPathEngine | undefined;

function jsonPath(): JsonPathEngine {
  if (engine) return engine;
  const require = createRequire(import.meta.url);
  const library = require('jsonpath-rfc9535') as JsonPathLibrary;
  const parser = require('jsonpath-rfc9535/parser') as { default: JsonPathEngine['parse'] };
  engine = { query: library.query, parse: parser.default };
  return engine;
}

interface PegSyntaxError {
  readonly message: string;
  readonly location?: { readonly start?: { readonly offset?: number } };
}

/** Checks a query's syntax; the error points into `written` (the condition as the user wrote it). */
export function checkJsonPath(text: string, written: string): void {
  try {
    jsonPath().parse(text);
  } catch (error) {
    const peg = error as PegSyntaxError;
    const offset = Math.min(peg.location?.start?.offset ?? 0, written.length);
    throw new ExpressionSyntaxError('EXPR_INVALID_JSONPATH', `invalid JSONPath (RFC 9535) at column ${offset + 1}: ${peg.message}`, {
      input: written,
      offset,
      field: 'condition',
    });
  }
}

/** DECISIONS D4: `$[?...]` on a context that is not an array filters a one-element array holding it. */
function queryRoot(text: string, value: unknown): unknown {
  return text.startsWith('$[?') && !Array.isArray(value) ? [value] : value;
}

export const jsonPathCriterion: CriterionCompiler = {
  versions: [RFC9535, GOESSNER],
  compile(input, context, version) {
    const legacy = version === GOESSNER;
    const slots = conditionSlots(input.condition);
    let text = input.condition;
    if (slots === undefined) {
      text = legacy ? translateGoessner(text) : text;
      checkJsonPath(text, input.condition);
    }
    const fixedText = text;
    const compiled: CompiledCriterion = {
      kind: 'jsonpath',
      version,
      condition: input.condition,
      context,
      expressions: context === undefined ? slotExpressions(slots) : [context, ...slotExpressions(slots)],
      evaluate(evaluationContext) {
        const value = readContext(context, evaluationContext);
        if (value === undefined || context === undefined) return missingContext(context!, evaluationContext);
        let queryText = fixedText;
        if (slots !== undefined) {
          const filled = resolveSlots(slots, evaluationContext, legacy);
          if (typeof filled !== 'string') return filled;
          queryText = filled;
        }
        let nodes: unknown[];
        try {
          nodes = jsonPath().query(queryRoot(queryText, value) as JsonValue, queryText);
        } catch (error) {
          return { passed: false, explanation: `${queryText}: invalid JSONPath: ${(error as Error).message}` };
        }
        if (nodes.length > 0) return PASSED;
        return { passed: false, explanation: `${queryText} matched nothing in ${printExpression(context)}` };
      },
    };
    return compiled;
  },
};

function resolveSlots(slots: Template, context: EvaluationContext, legacy: boolean): string | CriterionResult {
  const filled = fillSlots(slots, context, (value) => JSON.stringify(value) ?? 'null');
  if ('missing' in filled) return missingSlot(filled.missing, context);
  try {
    const text = legacy ? translateGoessner(filled.text) : filled.text;
    checkJsonPath(text, filled.text);
    return text;
  } catch (error) {
    return { passed: false, explanation: `${filled.text}: ${(error as Error).message}` };
  }
}

export function missingSlot(expression: RuntimeExpression, context: EvaluationContext): CriterionResult {
  return { passed: false, explanation: `{${printExpression(expression)}} has no value: ${explainMissing(expression, context) ?? 'no value'}` };
}
