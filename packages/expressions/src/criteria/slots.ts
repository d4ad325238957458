/**
 * Embedded `{$...}` in jsonpath and xpath conditions are resolved before the
 * query runs, each value written as a literal of the query language (README E6).
 */
import type { RuntimeExpression, Template } from '../ast.js';
import type { EvaluationContext } from '../context.js';
import { ExpressionSyntaxError, inField } from '../errors.js';
import { evaluateExpression } from '../evaluate.js';
import type { ExpressionRewrite } from '../declared-names.js';
import { hasSlots, parseTemplate, rewriteTemplate, templateExpressions } from '../templates.js';

/** The condition as a template when it has `{$...}` slots, else undefined. */
export function conditionSlots(condition: string, rewrite?: ExpressionRewrite): Template | undefined {
  if (!condition.includes('{$')) return undefined;
  try {
    const template = parseTemplate(condition);
    if (!hasSlots(template)) return undefined;
    return rewrite === undefined ? template : rewriteTemplate(template, rewrite);
  } catch (error) {
    throw error instanceof ExpressionSyntaxError ? inField(error, 'condition') : error;
  }
}

export function slotExpressions(template: Template | undefined): RuntimeExpression[] {
  return template === undefined ? [] : templateExpressions(template);
}

/** The query text with every slot replaced by `literal(value)`; a slot without a value is returned instead. */
export function fillSlots(
  template: Template,
  context: EvaluationContext,
  literal: (value: unknown) => string,
): { readonly text: string } | { readonly missing: RuntimeExpression } {
  let text = '';
  for (const part of template.parts) {
    if (part.type === 'Text') {
      text += part.value;
      continue;
    }
    const value = evaluateExpression(part.expression, context);
    if (value === undefined) return { missing: part.expression };
    text += literal(value);
  }
  return { text };
}
