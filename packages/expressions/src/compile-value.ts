/**
 * Values at any depth (request payloads, parameter values, replacement values):
 * compiled once at load time, evaluated per request (DECISIONS D19). A string
 * that is one expression keeps the value's type; a template gives a string;
 * subtrees without expressions are kept as they are and not copied.
 */
import type { RuntimeExpression, Template } from './ast.js';
import { classifyString, type ClassifiedString } from './classify.js';
import type { EvaluationContext } from './context.js';
import { evaluateExpression, explainMissing } from './evaluate.js';
import { writeOwn } from './json-pointer.js';
import { printExpression } from './printer.js';
import { evaluateTemplate, explainTemplate, rewriteTemplate, type MissingValueFallback } from './templates.js';
import type { ExpressionRewrite } from './declared-names.js';
import { compileSelector, isSelectorAt, type CompiledSelector, type SelectorPlacement } from './selector.js';

export type CompiledValue =
  | { readonly kind: 'literal'; readonly value: unknown }
  | { readonly kind: 'expression'; readonly expression: RuntimeExpression }
  | { readonly kind: 'template'; readonly template: Template }
  | { readonly kind: 'selector'; readonly selector: CompiledSelector }
  | { readonly kind: 'array'; readonly items: readonly CompiledValue[] }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, CompiledValue])[] };

/**
 * Compiles a value; strings are classified by DECISIONS D22. `rewrite` applies to
 * every expression found (the names a document declares, DECISIONS D46). `classify`
 * is `classifyString`, or a reader that gives the same answer from strings parsed
 * already (the engine parses each string of a document once). `selectors` says which objects
 * are Arazzo 1.1 Selector Objects (DECISIONS D100); by default none are.
 * @throws ExpressionSyntaxError for a mistyped expression (validation reports these first).
 */
export function compileValue(
  value: unknown,
  rewrite?: ExpressionRewrite,
  classify: (text: string) => ClassifiedString = classifyString,
  selectors: SelectorPlacement = 'none',
): CompiledValue {
  return compileAt(value, rewrite, classify, selectors, true);
}

function compileAt(value: unknown, rewrite: ExpressionRewrite | undefined, classify: (text: string) => ClassifiedString, selectors: SelectorPlacement, atRoot: boolean): CompiledValue {
  if (isSelectorAt(value, selectors, atRoot)) return { kind: 'selector', selector: compileSelector(value, rewrite, classify) };
  if (typeof value === 'string') {
    const classified = classify(value);
    switch (classified.kind) {
      case 'expression':
        return { kind: 'expression', expression: rewrite === undefined ? classified.expression : rewrite(classified.expression) };
      case 'template':
        return { kind: 'template', template: rewrite === undefined ? classified.template : rewriteTemplate(classified.template, rewrite) };
      case 'literal':
        return { kind: 'literal', value };
      case 'invalid':
        throw classified.error;
    }
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => compileAt(item, rewrite, classify, selectors, false));
    return items.every((item) => item.kind === 'literal') ? { kind: 'literal', value } : { kind: 'array', items };
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => [key, compileAt(item, rewrite, classify, selectors, false)] as const);
    return entries.every(([, item]) => item.kind === 'literal') ? { kind: 'literal', value } : { kind: 'object', entries };
  }
  return { kind: 'literal', value };
}

/**
 * The value with every expression replaced. Object members whose value is missing
 * are left out (DECISIONS D14); a missing value elsewhere is `undefined` (an array
 * item, a template). Use `explainValue` to report what was missing.
 */
export function evaluateValue(compiled: CompiledValue, context: EvaluationContext, fallback?: MissingValueFallback): unknown {
  switch (compiled.kind) {
    case 'literal':
      return compiled.value;
    case 'expression': {
      // `null` is a value (D3); only `undefined` means there was nothing to read.
      const value = evaluateExpression(compiled.expression, context);
      return value === undefined && fallback ? fallback(compiled.expression) : value;
    }
    case 'template':
      return evaluateTemplate(compiled.template, context, fallback);
    case 'selector': {
      const selection = compiled.selector.select(context);
      return 'value' in selection ? selection.value : fallback?.(compiled.selector.context);
    }
    case 'array':
      return compiled.items.map((item) => evaluateValue(item, context, fallback));
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const [key, item] of compiled.entries) {
        const value = evaluateValue(item, context, fallback);
        if (value !== undefined) writeOwn(result, key, value);
      }
      return result;
    }
  }
}

export interface MissingValue {
  /** Where inside the value (object keys and array indexes). */
  readonly path: readonly (string | number)[];
  /** The expression as written. */
  readonly expression: string;
  readonly reason: string;
}

/** Every expression inside the value that has no value in `context`, with why. */
export function explainValue(compiled: CompiledValue, context: EvaluationContext, path: (string | number)[] = []): MissingValue[] {
  switch (compiled.kind) {
    case 'literal':
      return [];
    case 'expression': {
      const reason = explainMissing(compiled.expression, context);
      return reason === undefined ? [] : [{ path: [...path], expression: printExpression(compiled.expression), reason }];
    }
    case 'template': {
      const reason = explainTemplate(compiled.template, context);
      return reason === undefined ? [] : [{ path: [...path], expression: compiled.template.source, reason }];
    }
    case 'selector': {
      const selection = compiled.selector.select(context);
      return 'missing' in selection ? [{ path: [...path], expression: compiled.selector.selector, reason: selection.missing }] : [];
    }
    case 'array':
      return compiled.items.flatMap((item, index) => explainValue(item, context, [...path, index]));
    case 'object':
      return compiled.entries.flatMap(([key, item]) => explainValue(item, context, [...path, key]));
  }
}
