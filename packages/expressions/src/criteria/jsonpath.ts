/**
 * `jsonpath` criteria: RFC 9535 by default (json-p3, which passes the whole JSONPath
 * Compliance Test Suite; jsonpath-rfc9535, tried first, failed 41 of its 703 cases), or
 * Goessner's draft through a Criterion Expression Type Object. The criterion holds when the
 * nodelist is non-empty (DECISIONS D4). A query is compiled once, with the criterion.
 *
 * json-p3 takes about 30 ms to load, which every `loom` start would pay though most
 * documents have no jsonpath criterion. It is loaded the first time one is compiled,
 * synchronously (its CommonJS build through `require`), so compiling and evaluating stay
 * synchronous.
 */
import { createRequire } from 'node:module';
import type { Template } from '../ast.js';
import { ExpressionSyntaxError } from '../errors.js';
import { printExpression } from '../printer.js';
import { missingContext, readContext } from './context-value.js';
import { createLinearEnvironment } from './jsonpath-regex.js';
import { translateGoessner } from './legacy-jsonpath.js';
import { comparisonAdvice } from './jsonpath-advice.js';
import { conditionSlots, fillSlots, slotExpressions } from './slots.js';
import type { CompiledCriterion, CriterionCompiler, CriterionResult } from './types.js';
import { PASSED } from './types.js';
import type { RuntimeExpression } from '../ast.js';
import type { EvaluationContext } from '../context.js';
import { explainMissing } from '../evaluate.js';
import { toJsonText } from '../json-text.js';

export const RFC9535 = 'rfc9535';
export const GOESSNER = 'draft-goessner-dispatch-jsonpath-00';

type JsonP3 = typeof import('json-p3');
type CompiledQuery = ReturnType<JsonP3['jsonpath']['compile']>;
type JsonValue = Parameters<CompiledQuery['query']>[0];

let library: JsonP3 | undefined;
let environment: ReturnType<typeof createLinearEnvironment> | undefined;

function jsonPath(): JsonP3 {
  library ??= createRequire(import.meta.url)('json-p3') as JsonP3;
  return library;
}

/** DECISIONS D34: the environment every query is compiled in, with linear-time match() and search(). */
function jsonPathEnvironment(): ReturnType<typeof createLinearEnvironment> {
  environment ??= createLinearEnvironment(jsonPath());
  return environment;
}

/** Compiles a query; a syntax or type error points into `written` (the condition as the user wrote it). */
export function compileJsonPath(text: string, written: string): CompiledQuery {
  const { JSONPathError } = jsonPath();
  try {
    return jsonPathEnvironment().compile(text);
  } catch (error) {
    if (!(error instanceof JSONPathError)) throw error;
    const offset = Math.min(error.token?.index ?? 0, written.length);
    // json-p3 appends `('<query>':<index>)` to its messages; the column says where instead.
    const message = error.message.replace(/ \('.*':\d+\)$/s, '');
    throw new ExpressionSyntaxError('EXPR_INVALID_JSONPATH', `invalid JSONPath (RFC 9535) at column ${offset + 1}: ${message}`, {
      input: written,
      offset,
      field: 'condition',
    });
  }
}

/** Compiles the condition's query; an RFC 9535 condition written as a comparison gets advice on what to write (DECISIONS D24). */
function compileQuery(text: string, written: string, context: RuntimeExpression | undefined): CompiledQuery {
  try {
    return compileJsonPath(text, written);
  } catch (error) {
    const advice = error instanceof ExpressionSyntaxError && context !== undefined ? comparisonAdvice(written, context) : undefined;
    if (advice === undefined) throw error;
    const syntax = error as ExpressionSyntaxError;
    throw new ExpressionSyntaxError(syntax.code, `${syntax.message}; ${advice}`, { input: syntax.input, offset: syntax.offset, field: 'condition' });
  }
}

/** DECISIONS D4: `$[?...]` on a context that is not an array filters a one-element array holding it. */
function queryRoot(text: string, value: unknown): unknown {
  return text.startsWith('$[?') && !Array.isArray(value) ? [value] : value;
}

export const jsonPathCriterion: CriterionCompiler = {
  versions: [RFC9535, GOESSNER],
  compile(input, context, version, rewrite) {
    const legacy = version === GOESSNER;
    const slots = conditionSlots(input.condition, rewrite);
    const fixedText = slots === undefined && legacy ? translateGoessner(input.condition) : input.condition;
    // Compile once; a query with `{$...}` slots is compiled when they are filled, at evaluation.
    const fixedQuery = slots === undefined ? compileQuery(fixedText, input.condition, legacy ? undefined : context) : undefined;
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
        let query = fixedQuery;
        if (query === undefined) {
          const filled = resolveSlots(slots!, evaluationContext, legacy);
          if (!('query' in filled)) return filled;
          queryText = filled.text;
          query = filled.query;
        }
        let empty: boolean;
        try {
          empty = query.query(queryRoot(queryText, value) as JsonValue).empty();
        } catch (error) {
          return { passed: false, explanation: `${queryText}: ${(error as Error).message}` };
        }
        if (!empty) return PASSED;
        return { passed: false, explanation: `${queryText} matched nothing in ${printExpression(context)}` };
      },
    };
    return compiled;
  },
};

function resolveSlots(slots: Template, context: EvaluationContext, legacy: boolean): { text: string; query: CompiledQuery } | CriterionResult {
  const filled = fillSlots(slots, context, (value) => toJsonText(value) ?? 'null');
  if ('missing' in filled) return missingSlot(filled.missing, context);
  try {
    const text = legacy ? translateGoessner(filled.text) : filled.text;
    return { text, query: compileJsonPath(text, filled.text) };
  } catch (error) {
    return { passed: false, explanation: `${filled.text}: ${(error as Error).message}` };
  }
}

export function missingSlot(expression: RuntimeExpression, context: EvaluationContext): CriterionResult {
  return { passed: false, explanation: `{${printExpression(expression)}} has no value: ${explainMissing(expression, context) ?? 'no value'}` };
}
