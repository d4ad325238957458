/**
 * What a string value in a document is (DECISIONS D22): one runtime expression
 * (keeps the referenced value's type), a template with `{$...}` slots (gives a
 * string), a literal, or a mistyped expression.
 */
import type { RuntimeExpression, Template } from './ast.js';
import { ExpressionSyntaxError } from './errors.js';
import { looksLikeExpression } from './classify-rules.js';
import { parseExpression } from './parser.js';
import { hasSlots, parseTemplate } from './templates.js';

export type ClassifiedString =
  | { readonly kind: 'expression'; readonly expression: RuntimeExpression }
  | { readonly kind: 'template'; readonly template: Template }
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'invalid'; readonly error: ExpressionSyntaxError };

/** Decides per DECISIONS D22 what `text` is; never throws. */
export function classifyString(text: string): ClassifiedString {
  if (text.charCodeAt(0) === 0x24) {
    try {
      return { kind: 'expression', expression: parseExpression(text) };
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      if (looksLikeExpression(text, 0, false)) return { kind: 'invalid', error };
    }
  }
  if (!text.includes('{$')) return { kind: 'literal', value: text };
  try {
    const template = parseTemplate(text);
    return hasSlots(template) ? { kind: 'template', template } : { kind: 'literal', value: text };
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return { kind: 'invalid', error };
    throw error;
  }
}

/** True when `text` is exactly one runtime expression (D22). */
export function isExpression(text: string): boolean {
  return classifyString(text).kind === 'expression';
}
